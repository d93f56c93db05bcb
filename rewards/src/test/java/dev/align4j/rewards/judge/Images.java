package dev.align4j.rewards.judge;

import dev.align4j.core.media.Image;

/** Small test images whose pixels all differ, so an encode/decode round trip is a real check. */
final class Images {
  private Images() {}

  /** A w x h gradient offset by {@code seed}; {@code seed} also shows up as the top-left red value. */
  static Image gradient(int w, int h, int seed) {
    byte[] rgb = new byte[w * h * 3];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int i = (y * w + x) * 3;
        rgb[i] = (byte) (seed + 17 * x + 3 * y);
        rgb[i + 1] = (byte) (31 * y + x);
        rgb[i + 2] = (byte) (255 - 7 * x * y);
      }
    }
    return new Image(w, h, rgb);
  }
}
