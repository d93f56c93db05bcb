package dev.align4j.video.shapes;

import dev.align4j.core.media.Video;
import dev.align4j.core.shapes.DetectedShape;
import dev.align4j.core.shapes.SceneDetector;
import dev.align4j.core.shapes.ShapeSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * The captioned shapes followed through a clip: the image world's {@link SceneDetector} reads every frame,
 * and each caption shape is matched to the detection that agrees with it best (colour counting double: it is
 * what identifies a shape when its kind or size is misread), ties broken by nearness to where the shape was in
 * the previous frame. A shape may go unseen in some frames.
 */
final class Tracks {
  private final List<ShapeSpec> wanted;
  private final List<List<DetectedShape>> detections = new ArrayList<>();
  /** [frame][caption shape]: the detection matched, or null. */
  private final DetectedShape[][] matched;
  private final int side;

  Tracks(Video video, MotionScene scene) {
    this.wanted = scene.shapes();
    this.side = Math.min(video.width(), video.height());
    this.matched = new DetectedShape[video.frames().size()][wanted.size()];
    DetectedShape[] previous = new DetectedShape[wanted.size()];
    for (int f = 0; f < video.frames().size(); f++) {
      List<DetectedShape> found = SceneDetector.shapes(video.frames().get(f));
      detections.add(found);
      match(found, previous, matched[f]);
      for (int i = 0; i < wanted.size(); i++) if (matched[f][i] != null) previous[i] = matched[f][i];
    }
  }

  int frames() {
    return matched.length;
  }

  int shapes() {
    return wanted.size();
  }

  /** The caption's shapes, subject first. */
  List<ShapeSpec> wanted() {
    return wanted;
  }

  /** Everything detected in frame f. */
  List<DetectedShape> detections(int f) {
    return detections.get(f);
  }

  /** Caption shape i as seen in frame f, or null. */
  DetectedShape seen(int f, int i) {
    return matched[f][i];
  }

  /** Caption shape i's centre in frame f in units of the shorter side, or null when unseen. */
  double[] position(int f, int i) {
    DetectedShape d = matched[f][i];
    return d == null ? null : new double[] {d.x() / side, d.y() / side};
  }

  /** The frame's shorter side in pixels. */
  int side() {
    return side;
  }

  /** How many of kind, colour and size agree (0..3). */
  static int agreement(ShapeSpec a, ShapeSpec b) {
    return (a.kind() == b.kind() ? 1 : 0) + (a.color() == b.color() ? 1 : 0) + (a.size() == b.size() ? 1 : 0);
  }

  private static int affinity(ShapeSpec wanted, DetectedShape seen) {
    return agreement(wanted, seen.shape()) + (wanted.color() == seen.shape().color() ? 1 : 0);
  }

  private static double distance(DetectedShape previous, DetectedShape seen) {
    return previous == null ? 0 : Math.hypot(previous.x() - seen.x(), previous.y() - seen.y());
  }

  private void match(List<DetectedShape> found, DetectedShape[] previous, DetectedShape[] out) {
    if (found.isEmpty()) return;
    if (wanted.size() == 1 || found.size() == 1) {
      // One side has one element: give the single detection (or the single shape) its best partner.
      int bestShape = 0;
      int bestFound = 0;
      double bestKey = Double.NEGATIVE_INFINITY;
      for (int i = 0; i < wanted.size(); i++) {
        for (int j = 0; j < found.size(); j++) {
          double key = affinity(wanted.get(i), found.get(j)) * 1e6 - distance(previous[i], found.get(j));
          if (key > bestKey) {
            bestKey = key;
            bestShape = i;
            bestFound = j;
          }
        }
      }
      out[bestShape] = found.get(bestFound);
      return;
    }
    DetectedShape a = found.get(0);
    DetectedShape b = found.get(1);
    double same = (affinity(wanted.get(0), a) + affinity(wanted.get(1), b)) * 1e6 - distance(previous[0], a)
        - distance(previous[1], b);
    double swapped = (affinity(wanted.get(0), b) + affinity(wanted.get(1), a)) * 1e6 - distance(previous[0], b)
        - distance(previous[1], a);
    out[0] = same >= swapped ? a : b;
    out[1] = same >= swapped ? b : a;
  }
}
