package dev.align4j.image.eval;

import java.util.List;

/**
 * How well images match their captions under the shapes world's pixel checker: the mean score (fraction of
 * caption attributes the image shows, 0..1) and the match rate (fraction scoring exactly 1).
 */
public record ShapesScore(double meanScore, double matchRate, int images, List<Double> scores) {
  public ShapesScore {
    scores = List.copyOf(scores);
  }

  @Override
  public String toString() {
    return String.format("checker score %.3f, exact matches %.3f over %d images", meanScore, matchRate, images);
  }
}
