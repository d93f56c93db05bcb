package dev.align4j.core.shapes;

import com.google.common.base.Preconditions;

/**
 * One Pick-a-Pic comparison before encoding: a caption, two images and the first image's label (1 when it
 * won, 0 when it lost, 0.5 for a tie).
 */
public record PickapicRow(String caption, ShapeImage image0, ShapeImage image1, double label0) {
  public PickapicRow {
    Preconditions.checkArgument(label0 == 0 || label0 == 0.5 || label0 == 1, "label_0 is 0, 0.5 or 1, not %s", label0);
  }

  public boolean isTie() {
    return label0 == 0.5;
  }
}
