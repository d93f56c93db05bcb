package dev.align4j.video.data;

import com.google.common.base.Preconditions;
import java.nio.file.Path;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * One video preference example: a caption, the preferred clip's file first, and an optional weight on its
 * loss term (VideoDPO's {@code dupfactor}; absent means 1). {@code source} names where it came from (file and
 * row) for error messages.
 */
public record VideoPair(String caption, Path chosen, Path rejected, OptionalDouble weight, String source) {
  public VideoPair {
    Objects.requireNonNull(caption, "caption");
    Objects.requireNonNull(chosen, "chosen");
    Objects.requireNonNull(rejected, "rejected");
    Objects.requireNonNull(weight, "weight");
    weight.ifPresent(w -> Preconditions.checkArgument(w > 0 && Double.isFinite(w), "weight must be > 0, got %s", w));
  }
}
