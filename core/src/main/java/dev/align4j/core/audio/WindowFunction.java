package dev.align4j.core.audio;

import com.google.common.base.Preconditions;

/**
 * Analysis windows, as torch's window functions and Kaldi's {@code window_type} define them. A
 * <em>periodic</em> window of length N is the first N points of the symmetric window of length N + 1 (torch's
 * default, used by {@code torch.stft} callers); Kaldi uses symmetric windows.
 */
public enum WindowFunction {
  /** {@code 0.5 - 0.5 cos(2 pi n / M)}. */
  HANN,
  /** {@code 0.54 - 0.46 cos(2 pi n / M)}. */
  HAMMING,
  /** Kaldi's default: the Hann window raised to the power 0.85. */
  POVEY,
  /** Kaldi's Blackman window: {@code 0.42 - 0.5 cos(2 pi n / M) + 0.08 cos(4 pi n / M)}. */
  BLACKMAN,
  /** All ones. */
  RECTANGULAR;

  /**
   * The window's {@code length} values; {@code M} in the formulas is {@code length} when periodic and
   * {@code length - 1} when symmetric. A window of length 1 is {@code [1]}, as in torch.
   */
  public double[] values(int length, boolean periodic) {
    Preconditions.checkArgument(length > 0, "window length must be positive, got %s", length);
    double[] w = new double[length];
    if (length == 1) {
      w[0] = 1;
      return w;
    }
    double m = periodic ? length : length - 1;
    for (int n = 0; n < length; n++) {
      double a = 2 * Math.PI * n / m;
      w[n] = switch (this) {
        case HANN -> 0.5 - 0.5 * Math.cos(a);
        case HAMMING -> 0.54 - 0.46 * Math.cos(a);
        case POVEY -> Math.pow(0.5 - 0.5 * Math.cos(a), 0.85);
        case BLACKMAN -> 0.42 - 0.5 * Math.cos(a) + 0.08 * Math.cos(2 * a);
        case RECTANGULAR -> 1;
      };
    }
    return w;
  }
}
