package dev.align4j.video.shapes;

import dev.align4j.core.media.Image;
import dev.align4j.core.media.Video;
import dev.align4j.core.shapes.DetectedShape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Scores a clip against a moving-shapes caption from its pixels alone, at every level of the frame hierarchy
 * (multimodal.md section 4.1), using the image world's detector on each frame ({@link Tracks}).
 *
 * <ul>
 *   <li><b>Instance</b>: per frame, the share of the caption's attributes seen (shape count, each shape's kind,
 *       colour and size, as the image world's {@code Checker} counts them, less the relation a motion caption
 *       does not state), averaged over frames.
 *   <li><b>State</b>: the mean of four parts: the instance score of the first frame and of the last; the
 *       share of frame-to-frame steps in which every captioned shape is seen in both frames in the same colour
 *       (no flicker); the share of shapes whose colour and kind at the last frame are those at the first.
 *   <li><b>Motion</b>, per shape, then averaged: {@code exp(-max(0, rms - tol) / tau)} for the RMS distance of
 *       the track from the fitted law (constant for "stays still" and for the target of a relative motion,
 *       linear for "moves", quadratic for "falls", the elastic bounce for "bounces"), times how fully the law's
 *       strength reaches half the world's least (speed, {@code g / 2}, drop height: a frozen clip fits any law
 *       with strength 0 and so scores 0), times {@code min(1, allowed / largest step)} with allowed = 3 x the
 *       median step, at least 1.5 pixels (no teleports).
 *   <li><b>Semantic</b>: the net displacement from the first to the last frame the subject is seen agrees with
 *       the verb: along the direction by half the world's least travel, scaled by the cosine to it
 *       ("moves left", "falls"); within a pixel of where it started ("stays still"); the lowest point inside
 *       the clip with a fall and a rebound ("bounces"); the distance to the target shrinking or growing by
 *       half the world's least relative travel ("moves toward", "moves away from").
 *   <li><b>Temporal consistency</b>: VBench's temporal-flickering formula {@code 1 - mean |f(t+1) - f(t)| / 255}
 *       restricted to background pixels (farther than 1.5 radii plus a pixel from every shape detected in
 *       either frame), since the shapes are meant to move.
 *   <li><b>Dynamic degree</b>: the mean frame-to-frame displacement of the captioned shapes' centres, in frame
 *       sides per frame.
 * </ul>
 *
 * <p>A shape unseen in too many frames to fit (fewer than 3) scores 0 at motion; the semantic level needs the
 * subject (and the target) seen at least twice.
 */
public final class ClipChecker {
  /** Detector error tolerated before the motion score falls, in pixels. */
  static final double TOLERANCE_PIXELS = 0.5;
  /** RMS beyond the tolerance (frame sides) at which the motion score has fallen to 1/e. */
  static final double TAU = 0.04;
  static final double TELEPORT_FACTOR = 3;
  static final double TELEPORT_FLOOR_PIXELS = 1.5;
  static final double STILL_PIXELS = 1;

  private ClipChecker() {}

  /** The clip's scores against a caption of this world. */
  public static ClipScore score(Video clip, String caption) {
    return score(clip, MotionCaption.parse(caption));
  }

  /** The clip's scores against a scene. */
  public static ClipScore score(Video clip, MotionScene scene) {
    Tracks tracks = new Tracks(clip, scene);
    return new ClipScore(instance(tracks), state(tracks), motion(tracks, scene.motion()),
        semantic(tracks, scene.motion()), temporalConsistency(clip, tracks), dynamicDegree(tracks));
  }

  private static double instance(Tracks tracks) {
    double sum = 0;
    for (int f = 0; f < tracks.frames(); f++) sum += frameInstance(tracks, f);
    return sum / tracks.frames();
  }

  private static double frameInstance(Tracks tracks, int f) {
    int n = tracks.shapes();
    int satisfied = tracks.detections(f).size() == n ? 1 : 0;
    for (int i = 0; i < n; i++) {
      DetectedShape d = tracks.seen(f, i);
      if (d != null) satisfied += Tracks.agreement(tracks.wanted().get(i), d.shape());
    }
    return satisfied / (1.0 + 3 * n);
  }

  private static double state(Tracks tracks) {
    int last = tracks.frames() - 1;
    int steady = 0;
    for (int f = 0; f < last; f++) {
      boolean same = true;
      for (int i = 0; i < tracks.shapes(); i++) {
        DetectedShape a = tracks.seen(f, i);
        DetectedShape b = tracks.seen(f + 1, i);
        same &= a != null && b != null && a.shape().color() == b.shape().color();
      }
      if (same) steady++;
    }
    int kept = 0;
    for (int i = 0; i < tracks.shapes(); i++) {
      DetectedShape a = tracks.seen(0, i);
      DetectedShape b = tracks.seen(last, i);
      if (a != null && b != null && a.shape().color() == b.shape().color() && a.shape().kind() == b.shape().kind()) {
        kept++;
      }
    }
    return (frameInstance(tracks, 0) + frameInstance(tracks, last) + steady / (double) last
        + kept / (double) tracks.shapes()) / 4;
  }

  private static double motion(Tracks tracks, Motion motion) {
    double sum = 0;
    for (int i = 0; i < tracks.shapes(); i++) sum += shapeMotion(tracks, i, i == 0 ? motion : Motion.STAYS_STILL);
    return sum / tracks.shapes();
  }

  private static double shapeMotion(Tracks tracks, int i, Motion law) {
    Track path = Track.of(tracks, i);
    if (path.size() < 3) return 0;
    double least = law.relative() ? World.MIN_RELATIVE_TRAVEL : World.MIN_TRAVEL;
    LawFit fit = switch (law) {
      case STAYS_STILL -> LawFit.still(path.t, path.x, path.y);
      case FALLS -> LawFit.falling(path.t, path.x, path.y);
      case BOUNCES -> LawFit.bouncing(path.t, path.x, path.y);
      default -> LawFit.linear(path.t, path.x, path.y);
    };
    double strength = law == Motion.STAYS_STILL ? 1 : clamp(fit.strength() / (least / 2));
    double tolerance = TOLERANCE_PIXELS / tracks.side();
    double fitness = Math.exp(-Math.max(0, fit.rms() - tolerance) / TAU);
    return fitness * strength * noTeleport(path, tracks.side());
  }

  /** {@code min(1, allowed / largest step)}: a path that jumps far beyond its usual step has teleported. */
  private static double noTeleport(Track path, int side) {
    double[] steps = new double[path.size() - 1];
    for (int k = 0; k < steps.length; k++) {
      steps[k] = Math.hypot(path.x[k + 1] - path.x[k], path.y[k + 1] - path.y[k]);
    }
    double largest = Arrays.stream(steps).max().orElse(0);
    double[] sorted = steps.clone();
    Arrays.sort(sorted);
    double median = sorted.length % 2 == 1 ? sorted[sorted.length / 2]
        : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    double allowed = Math.max(TELEPORT_FACTOR * median, TELEPORT_FLOOR_PIXELS / side);
    return largest <= allowed ? 1 : allowed / largest;
  }

  private static double semantic(Tracks tracks, Motion motion) {
    Track subject = Track.of(tracks, 0);
    if (subject.size() < 2) return 0;
    int last = subject.size() - 1;
    double dx = subject.x[last] - subject.x[0];
    double dy = subject.y[last] - subject.y[0];
    if (motion.directed()) {
      double[] u = motion.direction();
      double along = dx * u[0] + dy * u[1];
      double length = Math.hypot(dx, dy);
      return along <= 0 ? 0 : clamp(along / (World.MIN_TRAVEL / 2)) * (along / length);
    }
    return switch (motion) {
      case STAYS_STILL -> still(subject, tracks.side());
      case BOUNCES -> bounce(subject);
      default -> relative(tracks, motion == Motion.MOVES_TOWARD);
    };
  }

  /** 1 within a pixel of the start throughout, falling linearly to 0 at half the world's least travel. */
  private static double still(Track path, int side) {
    double far = 0;
    for (int k = 1; k < path.size(); k++) far = Math.max(far, Math.hypot(path.x[k] - path.x[0], path.y[k] - path.y[0]));
    double tolerance = STILL_PIXELS / side;
    double limit = World.MIN_TRAVEL / 2;
    return clamp((limit - far) / (limit - tolerance));
  }

  /** Down, then up: the lowest point is reached after a fall and followed by a rebound. */
  private static double bounce(Track path) {
    int lowest = 0;
    for (int k = 1; k < path.size(); k++) if (path.y[k] > path.y[lowest]) lowest = k;
    double fall = path.y[lowest] - path.y[0];
    double rebound = path.y[lowest] - path.y[path.size() - 1];
    return clamp(fall / (World.MIN_TRAVEL / 2)) * clamp(rebound / (World.MIN_TRAVEL / 4));
  }

  private static double relative(Tracks tracks, boolean toward) {
    List<double[]> distances = new ArrayList<>();
    for (int f = 0; f < tracks.frames(); f++) {
      double[] a = tracks.position(f, 0);
      double[] b = tracks.position(f, 1);
      if (a != null && b != null) distances.add(new double[] {Math.hypot(a[0] - b[0], a[1] - b[1])});
    }
    if (distances.size() < 2) return 0;
    double change = distances.get(0)[0] - distances.get(distances.size() - 1)[0];
    return clamp((toward ? change : -change) / (World.MIN_RELATIVE_TRAVEL / 2));
  }

  private static double temporalConsistency(Video clip, Tracks tracks) {
    double sum = 0;
    int steps = 0;
    for (int f = 0; f + 1 < tracks.frames(); f++) {
      Image a = clip.frames().get(f);
      Image b = clip.frames().get(f + 1);
      List<DetectedShape> shapes = new ArrayList<>(tracks.detections(f));
      shapes.addAll(tracks.detections(f + 1));
      double diff = 0;
      long n = 0;
      for (int y = 0; y < a.height(); y++) {
        for (int x = 0; x < a.width(); x++) {
          if (nearShape(shapes, x + 0.5, y + 0.5)) continue;
          for (int c = 0; c < 3; c++) diff += Math.abs(a.at(x, y, c) - b.at(x, y, c));
          n += 3;
        }
      }
      if (n == 0) continue;
      sum += 1 - diff / n / 255;
      steps++;
    }
    return steps == 0 ? 1 : sum / steps;
  }

  private static boolean nearShape(List<DetectedShape> shapes, double x, double y) {
    for (DetectedShape s : shapes) if (Math.hypot(x - s.x(), y - s.y()) <= 1.5 * s.radius() + 1) return true;
    return false;
  }

  private static double dynamicDegree(Tracks tracks) {
    double sum = 0;
    int n = 0;
    for (int f = 0; f + 1 < tracks.frames(); f++) {
      for (int i = 0; i < tracks.shapes(); i++) {
        double[] a = tracks.position(f, i);
        double[] b = tracks.position(f + 1, i);
        if (a == null || b == null) continue;
        sum += Math.hypot(b[0] - a[0], b[1] - a[1]);
        n++;
      }
    }
    return n == 0 ? 0 : sum / n;
  }

  private static double clamp(double v) {
    return Math.max(0, Math.min(1, v));
  }

  /** One shape's track over the frames it was seen in: clip times and centres (frame sides). */
  private record Track(double[] t, double[] x, double[] y) {
    static Track of(Tracks tracks, int i) {
      List<double[]> points = new ArrayList<>();
      for (int f = 0; f < tracks.frames(); f++) {
        double[] p = tracks.position(f, i);
        if (p != null) points.add(new double[] {f / (double) (tracks.frames() - 1), p[0], p[1]});
      }
      double[] t = new double[points.size()];
      double[] x = new double[points.size()];
      double[] y = new double[points.size()];
      for (int k = 0; k < t.length; k++) {
        t[k] = points.get(k)[0];
        x[k] = points.get(k)[1];
        y[k] = points.get(k)[2];
      }
      return new Track(t, x, y);
    }

    int size() {
      return t.length;
    }
  }
}
