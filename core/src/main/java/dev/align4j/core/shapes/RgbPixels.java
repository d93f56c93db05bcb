package dev.align4j.core.shapes;

import com.google.common.base.Preconditions;

/**
 * An 8-bit RGB image, row-major, interleaved ({@code rgb[(y * width + x) * 3 + c]}): the same layout as the
 * rewards module's {@code RgbImage}, so converting is a copy of the three fields.
 */
public record RgbPixels(int width, int height, byte[] rgb) {
  public RgbPixels {
    Preconditions.checkArgument(width > 0 && height > 0, "image size %sx%s", width, height);
    Preconditions.checkArgument(rgb.length == width * height * 3, "expected %s bytes, got %s", width * height * 3,
        rgb.length);
  }

  /** Channel value 0..255 at (x, y). */
  public int at(int x, int y, int channel) {
    return rgb[(y * width + x) * 3 + channel] & 0xff;
  }
}
