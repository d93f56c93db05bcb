package dev.align4j.core.shapes;

import com.google.common.base.Preconditions;

/** One shape of a scene: what it is, its colour and its size. */
public record ShapeSpec(ShapeKind kind, ShapeColor color, ShapeSize size) {
  public ShapeSpec {
    Preconditions.checkNotNull(kind, "kind");
    Preconditions.checkNotNull(color, "color");
    Preconditions.checkNotNull(size, "size");
  }

  /** How many of kind, colour and size agree with {@code other} (0..3). */
  int matches(ShapeSpec other) {
    return (kind == other.kind ? 1 : 0) + (color == other.color ? 1 : 0) + (size == other.size ? 1 : 0);
  }
}
