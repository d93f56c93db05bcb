package dev.align4j.core.shapes;

import com.google.common.base.Preconditions;

/**
 * How scenes are drawn: image size, anti-aliasing (4x4 supersampling), per-pixel noise amplitude (0..255
 * units, uniform) and position jitter (fraction of the shorter side, at most 0.06 so shapes never touch).
 */
public record RenderOptions(int width, int height, boolean antialias, int noise, double jitter) {
  public RenderOptions {
    Preconditions.checkArgument(width >= 16 && height >= 16, "images of at least 16x16, not %sx%s", width, height);
    Preconditions.checkArgument(noise >= 0 && noise <= 40, "noise in 0..40, not %s", noise);
    Preconditions.checkArgument(jitter >= 0 && jitter <= 0.06, "jitter in 0..0.06, not %s", jitter);
  }

  /** Square images of the given side with anti-aliasing, noise 12 and jitter 0.04. */
  public static RenderOptions square(int side) {
    return new RenderOptions(side, side, true, 12, 0.04);
  }

  /** The same options without anti-aliasing. */
  public RenderOptions aliased() {
    return new RenderOptions(width, height, false, noise, jitter);
  }
}
