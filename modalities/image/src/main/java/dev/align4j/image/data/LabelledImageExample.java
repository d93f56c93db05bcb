package dev.align4j.image.data;

import dev.align4j.core.media.Image;
import java.util.Objects;

/** One unpaired example (Diffusion-KTO): a caption, an image, and whether it is desirable. */
public record LabelledImageExample(String caption, Image image, boolean desirable, String source) {
  public LabelledImageExample {
    Objects.requireNonNull(caption, "caption");
    Objects.requireNonNull(image, "image");
  }
}
