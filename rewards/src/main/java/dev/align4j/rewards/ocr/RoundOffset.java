package dev.align4j.rewards.ocr;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The "unclip" of PaddleOCR's DB post-processing: pyclipper's
 * {@code PyclipperOffset().AddPath(box, JT_ROUND, ET_CLOSEDPOLYGON); Execute(distance)} for one convex polygon,
 * i.e. Clipper 6.4's {@code ClipperOffset} with round joins and its default arc tolerance 0.25, reproduced on
 * its integer coordinates: the points are truncated to integers as pyclipper converts floats, repeated points
 * dropped, the path turned to Clipper's positive orientation, every edge pushed out by {@code delta} along its
 * unit normal and every corner filled with an arc of rounded integer points. The union Clipper runs at the end
 * only merges overlaps and drops collinear points, which a convex polygon grown outwards does not have and the
 * minimum-area rectangle taken next does not see; it is left out.
 */
final class RoundOffset {
  private static final double ARC_TOLERANCE = 0.25;

  private RoundOffset() {}

  /** The grown polygon's integer points, x/y interleaved; empty for fewer than 3 distinct points. */
  static int[] offset(float[] xy, double delta) {
    List<long[]> path = new ArrayList<>();
    int n = xy.length / 2;
    int high = n - 1;
    while (high > 0 && (long) xy[0] == (long) xy[2 * high] && (long) xy[1] == (long) xy[2 * high + 1]) high--;
    for (int i = 0; i <= high; i++) {
      long[] p = {(long) xy[2 * i], (long) xy[2 * i + 1]}; // a Python float to a C integer: truncation
      if (path.isEmpty() || path.get(path.size() - 1)[0] != p[0] || path.get(path.size() - 1)[1] != p[1]) path.add(p);
    }
    if (path.size() < 3) return new int[0];
    if (!(area(path) >= 0)) Collections.reverse(path);
    List<long[]> out = new ArrayList<>();
    if (delta > -1e-20 && delta < 1e-20) {
      out.addAll(path);
    } else {
      double abs = Math.abs(delta);
      double y = ARC_TOLERANCE > abs * 0.25 ? abs * 0.25 : ARC_TOLERANCE;
      double steps = Math.PI / Math.acos(1 - y / abs);
      if (steps > abs * Math.PI) steps = abs * Math.PI;
      double sin = Math.sin(2 * Math.PI / steps);
      double cos = Math.cos(2 * Math.PI / steps);
      double stepsPerRad = steps / (2 * Math.PI);
      if (delta < 0) sin = -sin;
      int len = path.size();
      double[][] normals = new double[len][];
      for (int j = 0; j < len; j++) normals[j] = unitNormal(path.get(j), path.get((j + 1) % len));
      int k = len - 1;
      for (int j = 0; j < len; j++) {
        offsetPoint(path.get(j), normals[j], normals[k], delta, sin, cos, stepsPerRad, out);
        k = j;
      }
    }
    int[] result = new int[out.size() * 2];
    for (int i = 0; i < out.size(); i++) {
      result[2 * i] = Math.toIntExact(out.get(i)[0]);
      result[2 * i + 1] = Math.toIntExact(out.get(i)[1]);
    }
    return result;
  }

  /** Clipper's {@code OffsetPoint} for round joins: the corner at {@code p} between edge normals nk and nj. */
  private static void offsetPoint(long[] p, double[] nj, double[] nk, double delta, double sin, double cos,
      double stepsPerRad, List<long[]> out) {
    double sinA = nk[0] * nj[1] - nj[0] * nk[1];
    if (Math.abs(sinA * delta) < 1.0) {
      double cosA = nk[0] * nj[0] + nj[1] * nk[1];
      if (cosA > 0) {
        out.add(new long[] {round(p[0] + nk[0] * delta), round(p[1] + nk[1] * delta)});
        return;
      }
    } else if (sinA > 1.0) {
      sinA = 1.0;
    } else if (sinA < -1.0) {
      sinA = -1.0;
    }
    if (sinA * delta < 0) {
      out.add(new long[] {round(p[0] + nk[0] * delta), round(p[1] + nk[1] * delta)});
      out.add(new long[] {p[0], p[1]});
      out.add(new long[] {round(p[0] + nj[0] * delta), round(p[1] + nj[1] * delta)});
      return;
    }
    double a = Math.atan2(sinA, nk[0] * nj[0] + nk[1] * nj[1]);
    int steps = Math.max((int) round(stepsPerRad * Math.abs(a)), 1);
    double x = nk[0];
    double y = nk[1];
    for (int i = 0; i < steps; i++) {
      out.add(new long[] {round(p[0] + x * delta), round(p[1] + y * delta)});
      double x2 = x;
      x = x * cos - sin * y;
      y = x2 * sin + y * cos;
    }
    out.add(new long[] {round(p[0] + nj[0] * delta), round(p[1] + nj[1] * delta)});
  }

  private static double[] unitNormal(long[] a, long[] b) {
    if (a[0] == b[0] && a[1] == b[1]) return new double[] {0, 0};
    double dx = b[0] - a[0];
    double dy = b[1] - a[1];
    double f = 1 * 1.0 / Math.sqrt(dx * dx + dy * dy);
    dx *= f;
    dy *= f;
    return new double[] {dy, -dx};
  }

  /** Clipper's {@code Area}: positive for its positive orientation. */
  private static double area(List<long[]> poly) {
    double a = 0;
    for (int i = 0, j = poly.size() - 1; i < poly.size(); i++) {
      a += ((double) poly.get(j)[0] + poly.get(i)[0]) * ((double) poly.get(j)[1] - poly.get(i)[1]);
      j = i;
    }
    return -a * 0.5;
  }

  /** Clipper's {@code Round}: half away from zero. */
  private static long round(double v) {
    return v < 0 ? (long) (v - 0.5) : (long) (v + 0.5);
  }
}
