package dev.align4j.core.shapes;

import com.google.common.base.Preconditions;
import com.google.common.collect.ImmutableList;
import java.util.List;
import java.util.Optional;

/**
 * What an image shows: one shape, or two shapes and where the first lies relative to the second
 * ({@code shapes.get(0) relation shapes.get(1)}).
 */
public record Scene(List<ShapeSpec> shapes, Optional<Relation> relation) {
  public Scene {
    shapes = ImmutableList.copyOf(shapes);
    Preconditions.checkArgument(shapes.size() == 1 || shapes.size() == 2, "a scene has 1 or 2 shapes, not %s",
        shapes.size());
    Preconditions.checkArgument(relation.isPresent() == (shapes.size() == 2),
        "a relation exactly when there are two shapes");
  }

  /** A scene of one shape. */
  public static Scene of(ShapeSpec shape) {
    return new Scene(List.of(shape), Optional.empty());
  }

  /** A scene of two shapes: {@code first relation second}. */
  public static Scene of(ShapeSpec first, Relation relation, ShapeSpec second) {
    return new Scene(List.of(first, second), Optional.of(relation));
  }

  /** Attributes a caption of this scene states: count, kind/colour/size per shape, and the relation. */
  public int attributeCount() {
    return 1 + 3 * shapes.size() + (relation.isPresent() ? 1 : 0);
  }

  @Override
  public String toString() {
    return Caption.of(this);
  }
}
