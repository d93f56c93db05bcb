package dev.align4j.rewards.image;

import com.google.common.base.Preconditions;
import dev.align4j.core.media.Image;
import dev.align4j.rewards.ImagePreprocessor;

/**
 * nsfwjs's preprocessing ({@code NSFWJS.infer} in nsfwjs 4.4.0): pixels to {@code x / 255} in float32, then the
 * whole image to {@code size x size} (aspect ratio not kept) with TensorFlow's bilinear resize,
 * {@code align_corners = true} and no half-pixel centres, computed as TensorFlow.js's CPU kernel does (source
 * coordinates and interpolation in double, each result stored as float32) so that the pixels match TFJS's to
 * the bit. An image already {@code size x size} is not resampled. Then {@code (v - mean) / std} per channel in
 * float32 (nsfwjs uses mean 0 and std 1: no change). Output NCHW, like every {@code ImagePreprocessor}.
 * Immutable and thread-safe.
 */
public final class StretchBilinearPreprocessor implements ImagePreprocessor {
  private final int size;
  private final float[] mean;
  private final float[] std;

  public StretchBilinearPreprocessor(int size, float[] mean, float[] std) {
    Preconditions.checkArgument(size > 0, "size must be positive, got %s", size);
    Preconditions.checkArgument(mean.length == 3 && std.length == 3, "mean and std need 3 channels");
    this.size = size;
    this.mean = mean.clone();
    this.std = std.clone();
  }

  /** Output height and width. */
  @Override
  public int size() {
    return size;
  }

  /** Writes {@code [3, size, size]} for {@code image} into {@code out} from {@code offset}. */
  @Override
  public void applyInto(Image image, float[] out, int offset) {
    float[] hwc = resized(image);
    int plane = size * size;
    for (int p = 0; p < plane; p++) {
      for (int c = 0; c < 3; c++) out[offset + c * plane + p] = (hwc[3 * p + c] - mean[c]) / std[c];
    }
  }

  /**
   * The resized image before normalisation, {@code [size, size, 3]} (HWC, as TensorFlow.js holds it), values in
   * [0, 1].
   */
  public float[] resized(Image image) {
    int h = image.height();
    int w = image.width();
    byte[] rgb = image.rgb();
    float[] x = new float[h * w * 3];
    for (int i = 0; i < x.length; i++) x[i] = (float) ((rgb[i] & 0xff) / 255.0); // tf.div: a / b in double, to f32
    if (h == size && w == size) return x;
    float[] out = new float[size * size * 3];
    double rowRatio = (size > 1 ? h - 1 : h) / (double) (size > 1 ? size - 1 : size);
    double colRatio = (size > 1 ? w - 1 : w) / (double) (size > 1 ? size - 1 : size);
    int o = 0;
    for (int r = 0; r < size; r++) {
      double srcRow = rowRatio * r;
      int rowFloor = Math.max(0, (int) Math.floor(srcRow));
      double rowFrac = srcRow - rowFloor;
      int rowCeil = Math.min(h - 1, (int) Math.ceil(srcRow));
      for (int c = 0; c < size; c++) {
        double srcCol = colRatio * c;
        int colFloor = Math.max(0, (int) Math.floor(srcCol));
        double colFrac = srcCol - colFloor;
        int colCeil = Math.min(w - 1, (int) Math.ceil(srcCol));
        int tl = (rowFloor * w + colFloor) * 3;
        int tr = (rowFloor * w + colCeil) * 3;
        int bl = (rowCeil * w + colFloor) * 3;
        int br = (rowCeil * w + colCeil) * 3;
        for (int d = 0; d < 3; d++) {
          double top = x[tl + d] + (x[tr + d] - (double) x[tl + d]) * colFrac;
          double bottom = x[bl + d] + (x[br + d] - (double) x[bl + d]) * colFrac;
          out[o++] = (float) (top + (bottom - top) * rowFrac);
        }
      }
    }
    return out;
  }
}
