package dev.align4j.core.media;

import com.google.common.base.Preconditions;

/**
 * An 8-bit RGB image, row-major and interleaved ({@code rgb[(y * width + x) * 3 + c]}): what every decoder
 * produces, every renderer draws and every preprocessor consumes. The array is shared, not copied.
 */
public record Image(int width, int height, byte[] rgb) implements Media {
  public Image {
    Preconditions.checkArgument(width > 0 && height > 0, "image size %sx%s", width, height);
    Preconditions.checkNotNull(rgb, "rgb");
    Preconditions.checkArgument(rgb.length == width * height * 3, "expected %s bytes, got %s", width * height * 3,
        rgb.length);
  }

  /** Channel value 0..255 at (x, y). */
  public int at(int x, int y, int channel) {
    return rgb[(y * width + x) * 3 + channel] & 0xff;
  }

  @Override
  public Kind kind() {
    return Kind.IMAGE;
  }
}
