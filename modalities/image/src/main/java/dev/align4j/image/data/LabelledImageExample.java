package dev.align4j.image.data;

import dev.align4j.rewards.RgbImage;
import java.util.Objects;

/** One unpaired example (Diffusion-KTO): a caption, an image, and whether it is desirable. */
public record LabelledImageExample(String caption, RgbImage image, boolean desirable, String source) {
  public LabelledImageExample {
    Objects.requireNonNull(caption, "caption");
    Objects.requireNonNull(image, "image");
  }
}
