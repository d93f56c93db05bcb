package dev.align4j.video.data;

import com.google.common.base.Preconditions;
import dev.align4j.core.media.Image;
import dev.align4j.core.media.Video;
import java.util.ArrayList;
import java.util.List;

/**
 * Frame sizes of clips. {@link #fit}: the centred square of a frame (its shortest side) brought to {@code size x
 * size} by area averaging, each output pixel the mean of the source area it covers, source pixels weighted by the
 * share of them inside it (OpenCV's {@code INTER_AREA} when shrinking): no aliasing however large the frame, and an
 * exact inverse of {@link #enlarge} by a whole factor. {@link #enlarge}: every pixel repeated into a square
 * block (nearest neighbour), so that 16-pixel clips can be watched and so that H.264's half-resolution chroma
 * (4:2:0) still has one colour sample per original pixel.
 */
public final class ClipResize {
  private ClipResize() {}

  /** Every frame enlarged {@code factor} times, nearest neighbour. */
  public static Video enlarge(Video clip, int factor) {
    Preconditions.checkArgument(factor >= 1, "factor must be >= 1, got %s", factor);
    if (factor == 1) return clip;
    List<Image> frames = new ArrayList<>(clip.frames().size());
    for (Image f : clip.frames()) {
      int w = f.width() * factor;
      int h = f.height() * factor;
      byte[] rgb = new byte[w * h * 3];
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          int from = ((y / factor) * f.width() + x / factor) * 3;
          System.arraycopy(f.rgb(), from, rgb, (y * w + x) * 3, 3);
        }
      }
      frames.add(new Image(w, h, rgb));
    }
    return new Video(frames, clip.fps());
  }

  /** The centred square of {@code image}, area-averaged to {@code size x size}; the image itself when it fits. */
  public static Image fit(Image image, int size) {
    Preconditions.checkArgument(size > 0, "size must be > 0, got %s", size);
    int w = image.width();
    int h = image.height();
    if (w == size && h == size) return image;
    int side = Math.min(w, h);
    Weights cols = new Weights((w - side) / 2, side, size);
    Weights rows = new Weights((h - side) / 2, side, size);
    byte[] src = image.rgb();
    double[] horizontal = new double[h * size * 3]; // every source row, columns resampled
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < size; x++) {
        for (int k = 0; k < cols.count[x]; k++) {
          int from = (y * w + cols.first[x] + k) * 3;
          double weight = cols.weight[x][k];
          for (int c = 0; c < 3; c++) horizontal[(y * size + x) * 3 + c] += weight * (src[from + c] & 0xff);
        }
      }
    }
    byte[] out = new byte[size * size * 3];
    for (int y = 0; y < size; y++) {
      for (int x = 0; x < size; x++) {
        for (int c = 0; c < 3; c++) {
          double v = 0;
          for (int k = 0; k < rows.count[y]; k++) {
            v += rows.weight[y][k] * horizontal[((rows.first[y] + k) * size + x) * 3 + c];
          }
          out[(y * size + x) * 3 + c] = (byte) Math.max(0, Math.min(255, Math.round(v)));
        }
      }
    }
    return new Image(size, size, out);
  }

  /**
   * Along one axis: output pixel i covers source {@code [offset + i s, offset + (i + 1) s)}, {@code s = side /
   * size}; source pixel j weighs the length of {@code [j, j + 1)} inside it, divided by s.
   */
  private static final class Weights {
    final int[] first;
    final int[] count;
    final double[][] weight;

    Weights(int offset, int side, int size) {
      first = new int[size];
      count = new int[size];
      weight = new double[size][];
      double s = (double) side / size;
      for (int i = 0; i < size; i++) {
        double a = i * s;
        double b = Math.min(side, (i + 1) * s);
        int lo = (int) Math.floor(a);
        int hi = Math.min(side, (int) Math.ceil(b));
        first[i] = offset + lo;
        count[i] = hi - lo;
        weight[i] = new double[hi - lo];
        double total = 0;
        for (int j = lo; j < hi; j++) {
          double covered = Math.min(b, j + 1) - Math.max(a, j);
          weight[i][j - lo] = covered;
          total += covered;
        }
        for (int k = 0; k < weight[i].length; k++) weight[i][k] /= total;
      }
    }
  }
}
