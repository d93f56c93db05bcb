package dev.align4j.core.audio;

/** How a signal is extended past its ends (torch's {@code pad_mode}). */
public enum Padding {
  /** Mirror without repeating the edge sample: {@code x[-k] = x[k]} (torch's "reflect", the STFT default). */
  REFLECT,
  /** Zeros (torch's "constant"). */
  CONSTANT,
  /** Repeat the edge sample (torch's "replicate"). */
  REPLICATE;

  /**
   * {@code x} with {@code left} and {@code right} samples added, in double precision.
   *
   * @throws IllegalArgumentException when reflecting a signal shorter than the padding plus one, as torch does
   */
  public double[] pad(float[] x, int left, int right) {
    int n = x.length;
    if (this == REFLECT && (left >= n || right >= n)) {
      throw new IllegalArgumentException("reflect padding of " + Math.max(left, right)
          + " samples needs a signal longer than that, got " + n + " samples");
    }
    if (this == REPLICATE && n == 0 && left + right > 0) {
      throw new IllegalArgumentException("cannot replicate the edges of an empty signal");
    }
    double[] out = new double[left + n + right];
    for (int i = 0; i < out.length; i++) {
      int j = i - left;
      if (j >= 0 && j < n) {
        out[i] = x[j];
      } else if (this == REFLECT) {
        out[i] = x[j < 0 ? -j : 2 * (n - 1) - j];
      } else if (this == REPLICATE) {
        out[i] = x[j < 0 ? 0 : n - 1];
      }
    }
    return out;
  }
}
