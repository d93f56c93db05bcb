package dev.align4j.image.diffusion;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.align4j.diffusion.NoiseSchedule;
import java.util.ArrayList;
import dev.align4j.core.media.Image;
import dev.align4j.core.media.ImageTensors;
import java.util.List;

/** Between 8-bit RGB images and the [-1, 1] channel-first tensors pixel-space diffusion works on. */
public final class Pixels {
  private Pixels() {}

  /** Images of one size to a torch-owned [B, 3, H, W] array in [-1, 1] (v / 127.5 - 1). */
  public static NDArray toTensor(NDManager manager, List<Image> images) {
    int w = images.get(0).width();
    int h = images.get(0).height();
    int plane = w * h;
    float[] v = new float[images.size() * 3 * plane];
    for (int b = 0; b < images.size(); b++) {
      Image img = images.get(b);
      if (img.width() != w || img.height() != h) {
        throw new IllegalArgumentException("images of different sizes: " + w + "x" + h + " and " + img.width() + "x"
            + img.height());
      }
      byte[] rgb = img.rgb();
      for (int p = 0; p < plane; p++) {
        for (int c = 0; c < 3; c++) v[(b * 3 + c) * plane + p] = (rgb[p * 3 + c] & 0xff) / 127.5f - 1;
      }
    }
    return NoiseSchedule.owned(manager, v, new Shape(images.size(), 3, h, w));
  }

  /** [B, 3, H, W] in [-1, 1] (clamped) to 8-bit images, rounding to the nearest level. */
  public static List<Image> toRgb(NDArray images) {
    return ImageTensors.fromTensor(images);
  }
}
