package dev.align4j.image.data;

import dev.align4j.core.media.Image;
import java.util.Objects;

/**
 * One preference example for text-to-image tuning: a caption, the preferred image first. {@code source}
 * names where it came from (file and row) for error messages.
 */
public record ImagePair(String caption, Image winner, Image loser, String source) {
  public ImagePair {
    Objects.requireNonNull(caption, "caption");
    Objects.requireNonNull(winner, "winner");
    Objects.requireNonNull(loser, "loser");
  }
}
