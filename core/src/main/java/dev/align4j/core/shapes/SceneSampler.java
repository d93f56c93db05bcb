package dev.align4j.core.shapes;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Random scenes (one or two shapes, equally likely) and random edits of a scene's attributes. */
public final class SceneSampler {
  private SceneSampler() {}

  /** A uniformly random scene. */
  public static Scene sample(SplittableRandom rnd) {
    ShapeSpec first = shape(rnd);
    if (rnd.nextBoolean()) return Scene.of(first);
    return Scene.of(first, pick(Relation.values(), rnd), shape(rnd));
  }

  private static ShapeSpec shape(SplittableRandom rnd) {
    return new ShapeSpec(pick(ShapeKind.values(), rnd), pick(ShapeColor.values(), rnd), pick(ShapeSize.values(), rnd));
  }

  /**
   * {@code scene} with {@code edits} attributes changed (a shape's kind, colour or size, or the relation), each
   * to a different value; the same attribute may be picked twice. The result scores below 1.0 against the
   * original's caption (edits that cancel out are redrawn).
   */
  public static Scene perturb(Scene scene, int edits, SplittableRandom rnd) {
    for (int attempt = 0; ; attempt++) {
      Scene edited = scene;
      for (int e = 0; e < edits; e++) edited = editOne(edited, rnd);
      if (Checker.score(edited, scene) < 1.0) return edited;
      if (attempt > 100) throw new IllegalStateException("cannot perturb " + scene);
    }
  }

  private static Scene editOne(Scene scene, SplittableRandom rnd) {
    int n = scene.shapes().size();
    int slots = 3 * n + (n == 2 ? 1 : 0);
    int slot = rnd.nextInt(slots);
    if (slot == 3 * n) {
      Relation r = other(Relation.values(), scene.relation().orElseThrow(), rnd);
      return Scene.of(scene.shapes().get(0), r, scene.shapes().get(1));
    }
    List<ShapeSpec> shapes = new ArrayList<>(scene.shapes());
    ShapeSpec s = shapes.get(slot / 3);
    shapes.set(slot / 3, switch (slot % 3) {
      case 0 -> new ShapeSpec(other(ShapeKind.values(), s.kind(), rnd), s.color(), s.size());
      case 1 -> new ShapeSpec(s.kind(), other(ShapeColor.values(), s.color(), rnd), s.size());
      default -> new ShapeSpec(s.kind(), s.color(), other(ShapeSize.values(), s.size(), rnd));
    });
    return new Scene(shapes, scene.relation());
  }

  private static <T> T pick(T[] values, SplittableRandom rnd) {
    return values[rnd.nextInt(values.length)];
  }

  private static <T> T other(T[] values, T current, SplittableRandom rnd) {
    T v;
    do {
      v = pick(values, rnd);
    } while (v == current);
    return v;
  }

}
