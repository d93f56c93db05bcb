package dev.align4j.rewards.ocr;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The unclip offset against pyclipper itself: each expected polygon is what Debian's python3-pyclipper 1.2.1
 * (Clipper 6.4.2) returned for {@code PyclipperOffset().AddPath(box, JT_ROUND, ET_CLOSEDPOLYGON);
 * Execute(distance)} on the same float32 box, the distance being shapely's {@code area * 1.5 / length} as in
 * PaddleOCR. Compared as point sets once repeated and collinear points are dropped (Clipper's final union drops
 * them and may start the ring elsewhere).
 */
class RoundOffsetTest {
  static void check(float[] box, double distance, int[] pyclipper) {
    assertEquals(corners(pyclipper), corners(RoundOffset.offset(box, distance)));
  }

  /** The ring's points that are neither repeats nor on the line through their neighbours. */
  static Set<String> corners(int[] xy) {
    List<int[]> ring = new ArrayList<>();
    for (int i = 0; i < xy.length; i += 2) {
      int[] p = {xy[i], xy[i + 1]};
      if (ring.isEmpty() || ring.get(ring.size() - 1)[0] != p[0] || ring.get(ring.size() - 1)[1] != p[1]) ring.add(p);
    }
    Set<String> out = new TreeSet<>();
    int n = ring.size();
    for (int i = 0; i < n; i++) {
      int[] a = ring.get((i + n - 1) % n);
      int[] b = ring.get(i);
      int[] c = ring.get((i + 1) % n);
      long cross = (long) (b[0] - a[0]) * (c[1] - b[1]) - (long) (b[1] - a[1]) * (c[0] - b[0]);
      if (cross != 0) out.add(b[0] + "," + b[1]);
    }
    return out;
  }

  @Test
  void growsARectangleAsPyclipperDoes() {
    check(new float[] {0, 0, 10, 0, 10, 5, 0, 5}, 2.0,
        new int[] {12, -1, 12, 5, 11, 7, 0, 7, -2, 6, -2, 0, -1, -2, 10, -2});
    check(new float[] {5.5f, 5.5f, 9.5f, 5.5f, 9.5f, 8.5f, 5.5f, 8.5f}, 1.2857142857142858,
        new int[] {10, 5, 10, 8, 9, 9, 5, 9, 4, 8, 4, 5, 5, 4, 9, 4});
  }

  @Test
  void growsTextBoxesAsPyclipperDoes() {
    check(new float[] {54.2f, 40.7f, 303.9f, 40.1f, 303.5f, 64.8f, 54.0f, 64.3f}, 16.51443105788171,
        new int[] {309, 24, 314, 27, 317, 32, 319, 37, 320, 40, 320, 64, 319, 70, 316, 75, 311, 78, 306, 80, 303, 81,
            54, 81, 48, 80, 43, 77, 40, 72, 38, 67, 37, 64, 37, 40, 38, 34, 41, 29, 46, 26, 51, 24, 54, 23, 303, 23});
    check(new float[] {71.5f, 272.25f, 434.75f, 209.5f, 440.125f, 241.0f, 76.875f, 303.75f}, 22.054581000324646,
        new int[] {443, 189, 449, 193, 453, 198, 456, 205, 462, 237, 462, 244, 460, 250, 457, 256, 452, 260, 444, 263,
            80, 325, 73, 325, 67, 323, 61, 319, 57, 314, 54, 307, 49, 276, 49, 269, 51, 263, 55, 257, 60, 253, 67, 250,
            430, 187, 437, 187});
    check(new float[] {240, 73, 274, 73, 274, 440, 240, 440}, 23.33790523690773,
        new int[] {281, 51, 287, 54, 292, 58, 296, 64, 297, 73, 297, 440, 296, 447, 293, 453, 289, 458, 283, 462, 274,
            463, 240, 463, 233, 462, 227, 459, 222, 455, 218, 449, 217, 440, 217, 73, 218, 66, 221, 60, 225, 55, 231,
            51, 240, 50, 274, 50});
  }

  @Test
  void fewerThanThreeDistinctIntegerPointsGiveNothing() {
    assertEquals(0, RoundOffset.offset(new float[] {1.2f, 1.2f, 1.7f, 1.9f, 1.1f, 1.4f, 1.5f, 1.5f}, 1.0).length);
  }
}
