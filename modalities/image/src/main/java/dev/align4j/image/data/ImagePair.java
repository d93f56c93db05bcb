package dev.align4j.image.data;

import dev.align4j.rewards.RgbImage;
import java.util.Objects;

/**
 * One preference example for text-to-image tuning: a caption, the preferred image first. {@code source}
 * names where it came from (file and row) for error messages.
 */
public record ImagePair(String caption, RgbImage winner, RgbImage loser, String source) {
  public ImagePair {
    Objects.requireNonNull(caption, "caption");
    Objects.requireNonNull(winner, "winner");
    Objects.requireNonNull(loser, "loser");
  }
}
