package dev.align4j.video.shapes;

import dev.align4j.core.shapes.Scene;
import dev.align4j.core.shapes.SceneSampler;
import dev.align4j.core.shapes.ShapeColor;
import dev.align4j.core.shapes.ShapeKind;
import dev.align4j.core.shapes.ShapeSize;
import dev.align4j.core.shapes.ShapeSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Seeded random clips of the moving-shapes world: a scene (every motion equally likely, shapes uniform) and
 * paths that obey the world's laws ({@link World}) and keep every shape inside the frame and the two shapes of
 * a relative motion apart. Also random one-attribute edits of a scene, for captions a clip does not match.
 */
public final class ClipSampler {
  private static final int TRIES = 10_000;
  private final ClipOptions options;

  public ClipSampler(ClipOptions options) {
    this.options = options;
  }

  /** A random scene with paths; scenes that do not fit the frame (two large shapes far apart) are redrawn. */
  public MovingScene sample(SplittableRandom rnd) {
    for (int attempt = 0; attempt < TRIES; attempt++) {
      MotionScene scene = scene(rnd);
      List<Trajectory> paths = tryPaths(scene, rnd);
      if (paths != null) return new MovingScene(scene, paths);
    }
    throw new IllegalStateException("no scene fits " + options);
  }

  /** A uniformly random scene (motion first, then shapes). */
  public static MotionScene scene(SplittableRandom rnd) {
    Motion motion = pick(Motion.values(), rnd);
    ShapeSpec subject = shape(rnd);
    return motion.relative() ? MotionScene.of(subject, motion, shape(rnd)) : MotionScene.of(subject, motion);
  }

  /**
   * Random paths for {@code scene}.
   *
   * @throws IllegalArgumentException when the scene cannot be shown in this frame (too little room)
   */
  public MovingScene paths(MotionScene scene, SplittableRandom rnd) {
    return fit(scene, rnd).orElseThrow(() -> new IllegalArgumentException("no room for '" + scene + "' in "
        + options.render().width() + "x" + options.render().height() + " frames"));
  }

  /**
   * Random paths for {@code scene}, or empty when it cannot be shown in this frame (a relative motion of two
   * large shapes may have too little room); captions drawn with {@link #scene} are not checked for room.
   */
  public Optional<MovingScene> fit(MotionScene scene, SplittableRandom rnd) {
    return Optional.ofNullable(tryPaths(scene, rnd)).map(paths -> new MovingScene(scene, paths));
  }

  /**
   * {@code scene} with one attribute changed to a different value: the motion (to another motion of the
   * same arity) or one shape's kind, colour or size.
   */
  public static MotionScene perturb(MotionScene scene, SplittableRandom rnd) {
    List<ShapeSpec> shapes = new ArrayList<>(scene.shapes());
    int slot = rnd.nextInt(1 + shapes.size());
    if (slot == 0) {
      Motion other;
      do {
        other = pick(Motion.values(), rnd);
      } while (other == scene.motion() || other.relative() != scene.motion().relative());
      return new MotionScene(scene.subject(), other, scene.target());
    }
    Scene one = SceneSampler.perturb(Scene.of(shapes.get(slot - 1)), 1, rnd);
    shapes.set(slot - 1, one.shapes().get(0));
    return scene.withShapes(shapes);
  }

  private List<Trajectory> tryPaths(MotionScene scene, SplittableRandom rnd) {
    ShapeSize size = scene.subject().size();
    int side = options.side();
    double xLo = World.low(size, side);
    double xHi = World.high(size, side, options.spanX());
    double yLo = World.low(size, side);
    double yHi = World.high(size, side, options.spanY());
    Motion motion = scene.motion();
    if (motion.relative()) return relative(scene, rnd);
    if (motion == Motion.STAYS_STILL) {
      return List.of(new Trajectory.Linear(uniform(rnd, xLo, xHi), uniform(rnd, yLo, yHi), 0, 0));
    }
    boolean horizontal = motion.direction()[0] != 0;
    double room = horizontal ? xHi - xLo : yHi - yLo;
    double travel = travel(rnd, room);
    if (travel < 0) return null;
    if (motion == Motion.FALLS || motion == Motion.BOUNCES) {
      double x = uniform(rnd, xLo, xHi);
      double y0 = uniform(rnd, yLo, yHi - travel);
      if (motion == Motion.FALLS) return List.of(new Trajectory.Ballistic(x, y0, 0, 0, 2 * travel));
      double bounce = uniform(rnd, World.BOUNCE_FROM, World.BOUNCE_TO);
      return List.of(new Trajectory.Bounce(x, y0, 0, 2 * travel / (bounce * bounce), bounce));
    }
    double[] d = motion.direction();
    double along0 = d[0] + d[1] > 0 ? uniform(rnd, horizontal ? xLo : yLo, (horizontal ? xHi : yHi) - travel)
        : uniform(rnd, (horizontal ? xLo : yLo) + travel, horizontal ? xHi : yHi);
    double across = horizontal ? uniform(rnd, yLo, yHi) : uniform(rnd, xLo, xHi);
    double x0 = horizontal ? along0 : across;
    double y0 = horizontal ? across : along0;
    return List.of(new Trajectory.Linear(x0, y0, d[0] * travel, d[1] * travel));
  }

  /** A clip's travel along an axis with {@code room} to move in: at least 1.2 x the least travel; -1 if none. */
  private static double travel(SplittableRandom rnd, double room) {
    double lo = 1.2 * World.MIN_TRAVEL;
    double hi = 0.9 * room;
    return hi < lo ? -1 : uniform(rnd, lo, hi);
  }

  /**
   * The target stays at a random point; the subject moves on the line through it, between a near distance
   * (the shapes just apart) and a far one; rejection sampling until both ends fit in the frame.
   */
  private List<Trajectory> relative(MotionScene scene, SplittableRandom rnd) {
    ShapeSize s = scene.subject().size();
    ShapeSize t = scene.target().orElseThrow().size();
    int side = options.side();
    double apart = World.apart(s, t, side);
    for (int i = 0; i < TRIES; i++) {
      double px = uniform(rnd, World.low(t, side), World.high(t, side, options.spanX()));
      double py = uniform(rnd, World.low(t, side), World.high(t, side, options.spanY()));
      double angle = rnd.nextDouble() * 2 * Math.PI;
      double near = apart + rnd.nextDouble() * 0.15;
      double far = near + uniform(rnd, 1.2 * World.MIN_RELATIVE_TRAVEL, 2.2 * World.MIN_RELATIVE_TRAVEL);
      double ux = Math.cos(angle);
      double uy = Math.sin(angle);
      if (!inside(s, px + near * ux, py + near * uy) || !inside(s, px + far * ux, py + far * uy)) continue;
      boolean toward = scene.motion() == Motion.MOVES_TOWARD;
      double from = toward ? far : near;
      double to = toward ? near : far;
      Trajectory subject = new Trajectory.Linear(px + from * ux, py + from * uy, (to - from) * ux, (to - from) * uy);
      return List.of(subject, new Trajectory.Linear(px, py, 0, 0));
    }
    return null;
  }

  private boolean inside(ShapeSize size, double x, double y) {
    int side = options.side();
    return x >= World.low(size, side) && x <= World.high(size, side, options.spanX()) && y >= World.low(size, side)
        && y <= World.high(size, side, options.spanY());
  }

  private static ShapeSpec shape(SplittableRandom rnd) {
    return new ShapeSpec(pick(ShapeKind.values(), rnd), pick(ShapeColor.values(), rnd), pick(ShapeSize.values(), rnd));
  }

  private static double uniform(SplittableRandom rnd, double lo, double hi) {
    return lo + rnd.nextDouble() * (hi - lo);
  }

  private static <T> T pick(T[] values, SplittableRandom rnd) {
    return values[rnd.nextInt(values.length)];
  }
}
