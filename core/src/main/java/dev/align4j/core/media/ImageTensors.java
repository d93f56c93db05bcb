package dev.align4j.core.media;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import com.google.common.base.Preconditions;
import java.util.ArrayList;
import java.util.List;

/** From image tensors {@code [B, 3, H, W]} in [-1, 1] to 8-bit RGB images ({@code round((x + 1) 127.5)}). */
public final class ImageTensors {
  private ImageTensors() {}

  /** One image per batch row; values outside [-1, 1] are clamped. */
  public static List<Image> fromTensor(NDArray images) {
    long[] s = images.getShape().getShape();
    Preconditions.checkArgument(s.length == 4 && s[1] == 3, "images must be [B, 3, H, W], got %s", images.getShape());
    int b = (int) s[0];
    int h = (int) s[2];
    int w = (int) s[3];
    float[] v = images.toType(DataType.FLOAT32, false).toFloatArray();
    List<Image> out = new ArrayList<>(b);
    int plane = h * w;
    for (int i = 0; i < b; i++) {
      byte[] rgb = new byte[plane * 3];
      int base = i * 3 * plane;
      for (int c = 0; c < 3; c++) {
        for (int p = 0; p < plane; p++) {
          double x = Math.max(-1, Math.min(1, v[base + c * plane + p]));
          rgb[p * 3 + c] = (byte) Math.round((x + 1) * 127.5);
        }
      }
      out.add(new Image(w, h, rgb));
    }
    return out;
  }
}
