package dev.align4j.core.shapes;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.core.media.Image;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class SceneDetectorTest {
  /**
   * A generated video frame gave the moving-shapes checker a NaN motion score: pure red (255, 0, 0) on mid grey is
   * labelled red (coverage 1.33 of red, misfit 6) but misfits by 55 once its coverage is clamped to 1, so no pixel
   * covered the blob and its centre was 0 / 0. Such a blob is no shape; every shape found has a finite centre.
   */
  @Test
  void aBlobNoPixelCoversGivesNoShapeRatherThanANanCentre() {
    int side = 16;
    byte[] rgb = new byte[side * side * 3];
    Arrays.fill(rgb, (byte) 128);
    for (int y = 6; y < 10; y++) {
      for (int x = 6; x < 10; x++) {
        int p = (y * side + x) * 3;
        rgb[p] = (byte) 255;
        rgb[p + 1] = 0;
        rgb[p + 2] = 0;
      }
    }
    List<DetectedShape> shapes = SceneDetector.shapes(new Image(side, side, rgb));
    for (DetectedShape s : shapes) {
      assertTrue(Double.isFinite(s.x()) && Double.isFinite(s.y()) && Double.isFinite(s.radius()), "" + s);
    }
  }
}
