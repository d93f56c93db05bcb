package dev.align4j.core.shapes;

import dev.align4j.core.media.Image;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Reads a scene back from pixels. The background colour is the median of the border; each pixel is explained
 * as a mix {@code bg + a * (colour - bg)} of the background and the palette colour that fits it best (kept when
 * a >= 0.5 and the misfit is small); same-colour pixels form 4-connected blobs; fragments (too small, or
 * touching a larger blob: real shapes never touch) are dropped and the two largest blobs kept. Each blob's
 * soft coverage is then compared with a template of every kind of equal area at the blob's centroid; the best
 * fit gives the kind, its radius the size, and the centres the relation.
 */
public final class SceneDetector {
  private static final double MAX_MISFIT = 40;
  private static final double MIN_AREA = 0.006;

  private SceneDetector() {}

  /** The scene the image shows, or empty when no shape is found. */
  public static Optional<Scene> detect(Image image) {
    List<DetectedShape> found = shapes(image);
    if (found.isEmpty()) return Optional.empty();
    if (found.size() == 1) return Optional.of(Scene.of(found.get(0).shape()));
    DetectedShape a = found.get(0);
    DetectedShape b = found.get(1);
    return Optional.of(Scene.of(a.shape(), Relation.of(a.x() - b.x(), a.y() - b.y()), b.shape()));
  }

  /** The (at most two) shapes the image shows with their positions, largest first; empty when none. */
  public static List<DetectedShape> shapes(Image image) {
    int w = image.width();
    int h = image.height();
    double[] bg = background(image);
    ShapeColor[] palette = ShapeColor.values();
    int[] label = new int[w * h];
    for (int p = 0; p < w * h; p++) label[p] = bestColour(image, p, bg, palette);
    List<Blob> blobs = blobs(label, w, h);
    double side = Math.min(w, h);
    blobs.removeIf(b -> b.pixels.size() < Math.max(3, MIN_AREA * side * side));
    blobs.sort(Comparator.comparingInt((Blob b) -> b.pixels.size()).reversed());
    int[] blobOf = new int[w * h];
    java.util.Arrays.fill(blobOf, -1);
    for (int i = 0; i < blobs.size(); i++) for (int p : blobs.get(i).pixels) blobOf[p] = i;
    List<Blob> kept = new ArrayList<>();
    for (int i = 0; i < blobs.size() && kept.size() < 2; i++) {
      if (!touchesLarger(blobs.get(i), i, blobOf, w, h)) kept.add(blobs.get(i));
    }
    List<DetectedShape> shapes = new ArrayList<>();
    for (Blob b : kept) {
      Fit fit = fit(image, b, bg, palette[b.colour], blobOf, w, h, side);
      if (fit == null) continue;
      shapes.add(new DetectedShape(new ShapeSpec(fit.kind, palette[b.colour], fit.size), fit.centre[0], fit.centre[1],
          fit.radius));
    }
    return shapes;
  }

  private static double[] background(Image image) {
    int w = image.width();
    int h = image.height();
    double[] bg = new double[3];
    for (int c = 0; c < 3; c++) {
      int[] counts = new int[256];
      int n = 0;
      for (int x = 0; x < w; x++) {
        counts[image.at(x, 0, c)]++;
        counts[image.at(x, h - 1, c)]++;
        n += 2;
      }
      for (int y = 1; y < h - 1; y++) {
        counts[image.at(0, y, c)]++;
        counts[image.at(w - 1, y, c)]++;
        n += 2;
      }
      int seen = 0;
      for (int v = 0; v < 256; v++) {
        seen += counts[v];
        if (seen * 2 >= n) {
          bg[c] = v;
          break;
        }
      }
    }
    return bg;
  }

  /** Index of the palette colour best explaining pixel p with coverage >= 0.5, or -1. */
  private static int bestColour(Image image, int p, double[] bg, ShapeColor[] palette) {
    int best = -1;
    double bestMisfit = MAX_MISFIT;
    for (int k = 0; k < palette.length; k++) {
      double a = coverage(image, p, bg, palette[k]);
      if (a < 0.5) continue;
      double misfit = misfit(image, p, bg, palette[k], a);
      if (misfit < bestMisfit) {
        bestMisfit = misfit;
        best = k;
      }
    }
    return best;
  }

  /** Least-squares coverage a of pixel p as background-to-colour mix. */
  private static double coverage(Image image, int p, double[] bg, ShapeColor colour) {
    double dot = 0;
    double norm = 0;
    for (int c = 0; c < 3; c++) {
      double d = colour.channel(c) - bg[c];
      dot += ((image.rgb()[p * 3 + c] & 0xff) - bg[c]) * d;
      norm += d * d;
    }
    return norm == 0 ? 0 : dot / norm;
  }

  private static double misfit(Image image, int p, double[] bg, ShapeColor colour, double a) {
    double sum = 0;
    for (int c = 0; c < 3; c++) {
      double e = (image.rgb()[p * 3 + c] & 0xff) - (bg[c] + a * (colour.channel(c) - bg[c]));
      sum += e * e;
    }
    return Math.sqrt(sum);
  }

  private static final class Blob {
    final int colour;
    final List<Integer> pixels = new ArrayList<>();

    Blob(int colour) {
      this.colour = colour;
    }
  }

  private static List<Blob> blobs(int[] label, int w, int h) {
    boolean[] seen = new boolean[w * h];
    List<Blob> blobs = new ArrayList<>();
    ArrayDeque<Integer> queue = new ArrayDeque<>();
    for (int start = 0; start < w * h; start++) {
      if (label[start] < 0 || seen[start]) continue;
      Blob blob = new Blob(label[start]);
      seen[start] = true;
      queue.add(start);
      while (!queue.isEmpty()) {
        int p = queue.poll();
        blob.pixels.add(p);
        int x = p % w;
        int y = p / w;
        int[] next = {x > 0 ? p - 1 : -1, x < w - 1 ? p + 1 : -1, y > 0 ? p - w : -1, y < h - 1 ? p + w : -1};
        for (int q : next) {
          if (q >= 0 && !seen[q] && label[q] == blob.colour) {
            seen[q] = true;
            queue.add(q);
          }
        }
      }
      blobs.add(blob);
    }
    return blobs;
  }

  private static boolean touchesLarger(Blob blob, int index, int[] blobOf, int w, int h) {
    for (int p : blob.pixels) {
      int x = p % w;
      int y = p / w;
      for (int dy = -1; dy <= 1; dy++) {
        for (int dx = -1; dx <= 1; dx++) {
          int nx = x + dx;
          int ny = y + dy;
          if (nx < 0 || ny < 0 || nx >= w || ny >= h) continue;
          int other = blobOf[ny * w + nx];
          if (other >= 0 && other < index) return true;
        }
      }
    }
    return false;
  }

  private record Fit(ShapeKind kind, ShapeSize size, double[] centre, double radius) {}

  /**
   * Soft coverage of the blob (its pixels and their neighbours), then the best-fitting template; null when no pixel
   * covers (a blob of colours beyond the palette colour, e.g. pure red on grey, misfits once its coverage is
   * clamped to 1): its centre would be 0 / 0.
   */
  private static Fit fit(Image image, Blob blob, double[] bg, ShapeColor colour, int[] blobOf, int w, int h,
      double side) {
    double[] alpha = new double[w * h];
    int self = blobOf[blob.pixels.get(0)];
    double area = 0;
    double mx = 0;
    double my = 0;
    for (int p : blob.pixels) {
      int x = p % w;
      int y = p / w;
      for (int dy = -1; dy <= 1; dy++) {
        for (int dx = -1; dx <= 1; dx++) {
          int nx = x + dx;
          int ny = y + dy;
          if (nx < 0 || ny < 0 || nx >= w || ny >= h) continue;
          int q = ny * w + nx;
          if (alpha[q] > 0 || (blobOf[q] >= 0 && blobOf[q] != self)) continue;
          double a = Math.max(0, Math.min(1, coverage(image, q, bg, colour)));
          if (a <= 0 || misfit(image, q, bg, colour, a) > MAX_MISFIT) continue;
          alpha[q] = a;
          area += a;
          mx += a * (nx + 0.5);
          my += a * (ny + 0.5);
        }
      }
    }
    if (area == 0) return null;
    mx /= area;
    my /= area;
    Fit best = null;
    double bestError = Double.MAX_VALUE;
    for (ShapeKind kind : ShapeKind.values()) {
      double r = Math.sqrt(area / kind.area(1));
      double cy = my - kind.centroidDy(r);
      double[] template = new double[w * h];
      Coverage.add(kind, mx, cy, r, w, h, 4, template, null, 0);
      double error = 0;
      for (int p = 0; p < w * h; p++) error += Math.abs(template[p] - alpha[p]);
      if (error < bestError) {
        bestError = error;
        ShapeSize size = r / side < ShapeSize.THRESHOLD ? ShapeSize.SMALL : ShapeSize.LARGE;
        best = new Fit(kind, size, new double[] {mx, cy}, r);
      }
    }
    return best;
  }
}
