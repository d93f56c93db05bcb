package dev.align4j.core.shapes;

import dev.align4j.core.media.Image;
import java.util.List;

/**
 * How well an image matches a caption: the fraction of the caption's attributes (shape count, each shape's
 * kind, colour and size, the relation) that the image satisfies, 1.0 for a perfect match. Caption shapes are
 * matched to image shapes in whichever order scores best. Scores either against an image's true scene
 * ({@link #score(Scene, Scene)}) or against what its pixels show ({@link #scorePixels}), which is what judges
 * generated images.
 */
public final class Checker {
  private Checker() {}

  /** Score of an image whose true scene is {@code truth} against the scene a caption describes. */
  public static double score(Scene truth, Scene caption) {
    List<ShapeSpec> t = truth.shapes();
    List<ShapeSpec> c = caption.shapes();
    int satisfied = t.size() == c.size() ? 1 : 0;
    if (c.size() == 1) {
      satisfied += t.stream().mapToInt(s -> s.matches(c.get(0))).max().orElseThrow();
    } else if (t.size() == 1) {
      satisfied += Math.max(c.get(0).matches(t.get(0)), c.get(1).matches(t.get(0)));
    } else {
      Relation rc = caption.relation().orElseThrow();
      Relation rt = truth.relation().orElseThrow();
      int same = c.get(0).matches(t.get(0)) + c.get(1).matches(t.get(1)) + (rc == rt ? 1 : 0);
      int swapped = c.get(0).matches(t.get(1)) + c.get(1).matches(t.get(0)) + (rc == rt.inverse() ? 1 : 0);
      satisfied += Math.max(same, swapped);
    }
    return (double) satisfied / caption.attributeCount();
  }

  /** Score of a rendered image (by its true scene) against a caption. */
  public static double score(ShapeImage image, String caption) {
    return score(image.scene(), Caption.parse(caption));
  }

  /** Score of any image against a caption, judged from its pixels alone ({@link SceneDetector}). */
  public static double scorePixels(Image image, String caption) {
    Scene wanted = Caption.parse(caption);
    return SceneDetector.detect(image).map(seen -> score(seen, wanted)).orElse(0.0);
  }
}
