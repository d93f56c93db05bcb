package dev.align4j.audio.shapes;

import dev.align4j.core.shapes.ShapeSize;
import dev.align4j.core.shapes.ShapeSpec;
import dev.align4j.video.shapes.ClipOptions;
import dev.align4j.video.shapes.MovingScene;
import dev.align4j.video.shapes.Trajectory;
import dev.align4j.video.shapes.World;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The sounding events of a moving-shapes clip, read from its ground-truth paths: every shape
 * {@link EventType#APPEARS} at frame 0; a bouncing shape {@link EventType#BOUNCES} each time it reaches the floor
 * (clip times {@code bounce}, {@code 3 bounce}, ...); a shape {@link EventType#HITS_EDGE} when it comes within
 * {@value #EDGE_PIXELS} px of the room the world leaves it at an edge ({@link World#low}, {@link World#high}),
 * having been farther. An event at clip time {@code s} sounds at the nearest frame, {@code round(s (frames - 1))},
 * i.e. at {@code frame / fps} seconds; one shape makes at most one sound per frame (a bounce wins over an edge).
 */
public final class ClipEvents {
  /** How close to its limit a shape must come to hit an edge, in pixels. */
  public static final double EDGE_PIXELS = 1.0;
  /** Steps per clip when searching a path for edge contacts. */
  private static final int STEPS = 512;

  private ClipEvents() {}

  /** The events of {@code truth} drawn with {@code options}, by frame, then shape. */
  public static List<SoundEvent> of(MovingScene truth, ClipOptions options) {
    List<ShapeSpec> shapes = truth.scene().shapes();
    List<SoundEvent> events = new ArrayList<>();
    for (int i = 0; i < shapes.size(); i++) {
      ShapeSpec spec = shapes.get(i);
      Trajectory path = truth.paths().get(i);
      events.add(event(EventType.APPEARS, i, spec, 0, options));
      if (path instanceof Trajectory.Bounce b) {
        for (double s = b.bounce(); s <= 1; s += 2 * b.bounce()) {
          add(events, event(EventType.BOUNCES, i, spec, frameAt(s, options), options));
        }
      }
      for (double s : edgeContacts(path, spec.size(), options)) {
        add(events, event(EventType.HITS_EDGE, i, spec, frameAt(s, options), options));
      }
    }
    events.sort(Comparator.comparingInt(SoundEvent::frame).thenComparingInt(SoundEvent::shape));
    return List.copyOf(events);
  }

  /** Clip times at which a shape on {@code path} comes to touch an edge (not counting one it starts at). */
  static List<Double> edgeContacts(Trajectory path, ShapeSize size, ClipOptions options) {
    int side = options.side();
    double tol = EDGE_PIXELS / side;
    double lo = World.low(size, side) + tol;
    double hiX = World.high(size, side, options.spanX()) - tol;
    double hiY = World.high(size, side, options.spanY()) - tol;
    List<Double> out = new ArrayList<>();
    boolean was = touching(path.at(0), lo, hiX, hiY);
    for (int k = 1; k <= STEPS; k++) {
      double s = k / (double) STEPS;
      boolean now = touching(path.at(s), lo, hiX, hiY);
      if (now && !was) out.add(s);
      was = now;
    }
    return out;
  }

  private static boolean touching(double[] p, double lo, double hiX, double hiY) {
    return p[0] <= lo || p[0] >= hiX || p[1] <= lo || p[1] >= hiY;
  }

  private static int frameAt(double s, ClipOptions options) {
    return (int) Math.round(s * (options.frames() - 1));
  }

  private static SoundEvent event(EventType type, int shape, ShapeSpec spec, int frame, ClipOptions options) {
    return new SoundEvent(type, shape, spec, frame, frame / options.fps());
  }

  /** Adds {@code e} unless its shape already sounds at that frame. */
  private static void add(List<SoundEvent> events, SoundEvent e) {
    for (SoundEvent other : events) {
      if (other.shape() == e.shape() && other.frame() == e.frame()) return;
    }
    events.add(e);
  }
}
