package dev.align4j.core.audio;

import com.google.common.base.Preconditions;

/**
 * The short-time Fourier transform as {@code torch.stft(x, n_fft, hop_length, win_length, window, center,
 * pad_mode, normalized=False, onesided=True)} computes it: with {@code center} the signal is first padded by
 * {@code n_fft / 2} samples on both sides; a window of {@code win_length} is zero-padded on both sides to
 * {@code n_fft} (left {@code (n_fft - win_length) / 2}); frame {@code t} starts at {@code t * hop}; there are
 * {@code 1 + (padded length - n_fft) / hop} frames and {@code n_fft / 2 + 1} bins. Spectrograms are indexed
 * {@code [frame][bin]} (torchaudio's {@code (freq, time)} transposed). Immutable and thread-safe.
 *
 * @param nFft FFT size
 * @param hopLength samples between frame starts
 * @param window the analysis window, already padded to {@code nFft}
 * @param center whether the signal is padded by {@code nFft / 2} on both sides first
 * @param padMode how it is padded
 */
public record Stft(int nFft, int hopLength, double[] window, boolean center, Padding padMode) {
  public Stft {
    Preconditions.checkArgument(nFft > 0, "n_fft must be positive, got %s", nFft);
    Preconditions.checkArgument(hopLength > 0, "hop_length must be positive, got %s", hopLength);
    Preconditions.checkArgument(window.length == nFft, "window of %s values for n_fft %s", window.length, nFft);
    Preconditions.checkNotNull(padMode, "padMode");
    window = window.clone();
  }

  /**
   * torchaudio's {@code Spectrogram} defaults: a periodic Hann window of {@code winLength}, centred frames,
   * reflect padding.
   */
  public static Stft torch(int nFft, int winLength, int hopLength) {
    return of(nFft, winLength, hopLength, WindowFunction.HANN, true, true, Padding.REFLECT);
  }

  /** A window function of {@code winLength} (periodic or symmetric), centred in {@code nFft} as torch does. */
  public static Stft of(int nFft, int winLength, int hopLength, WindowFunction window, boolean periodic,
      boolean center, Padding padMode) {
    Preconditions.checkArgument(winLength > 0 && winLength <= nFft, "win_length %s must be in 1..n_fft (%s)",
        winLength, nFft);
    double[] w = new double[nFft];
    System.arraycopy(window.values(winLength, periodic), 0, w, (nFft - winLength) / 2, winLength);
    return new Stft(nFft, hopLength, w, center, padMode);
  }

  /** The window (a copy). */
  @Override
  public double[] window() {
    return window.clone();
  }

  /** Number of one-sided frequency bins, {@code nFft / 2 + 1}. */
  public int bins() {
    return nFft / 2 + 1;
  }

  /** Number of frames for a signal of {@code length} samples (0 when it is shorter than one frame). */
  public int frames(int length) {
    int padded = center ? length + 2 * (nFft / 2) : length;
    return padded < nFft ? 0 : 1 + (padded - nFft) / hopLength;
  }

  /** Frequency of bin {@code k} in Hz at {@code sampleRate}. */
  public double frequency(int k, double sampleRate) {
    return k * sampleRate / nFft;
  }

  /** The complex STFT: real and imaginary parts, each {@code [frame][bin]}. */
  public Complex transform(float[] x) {
    int frames = frames(x.length);
    float[][] re = new float[frames][bins()];
    float[][] im = new float[frames][bins()];
    forEachFrame(x, (t, fr, fi) -> {
      for (int k = 0; k < fr.length; k++) {
        re[t][k] = (float) fr[k];
        im[t][k] = (float) fi[k];
      }
    });
    return new Complex(re, im);
  }

  /**
   * {@code |X|^power} per frame and bin, as torchaudio's {@code spectrogram(power=...)}: 2 is the power
   * spectrogram, 1 the magnitude.
   */
  public float[][] spectrogram(float[] x, double power) {
    Preconditions.checkArgument(power > 0, "power must be positive, got %s", power);
    float[][] out = new float[frames(x.length)][bins()];
    forEachFrame(x, (t, fr, fi) -> {
      for (int k = 0; k < fr.length; k++) {
        double p = fr[k] * fr[k] + fi[k] * fi[k];
        out[t][k] = (float) (power == 2 ? p : Math.pow(p, power / 2));
      }
    });
    return out;
  }

  /** The power spectrogram, {@code |X|^2}. */
  public float[][] power(float[] x) {
    return spectrogram(x, 2);
  }

  /** The magnitude spectrogram, {@code |X|}. */
  public float[][] magnitude(float[] x) {
    return spectrogram(x, 1);
  }

  private interface FrameSink {
    void accept(int t, double[] re, double[] im);
  }

  private void forEachFrame(float[] x, FrameSink sink) {
    int frames = frames(x.length);
    if (frames == 0) return;
    double[] padded = center ? padMode.pad(x, nFft / 2, nFft / 2) : Padding.CONSTANT.pad(x, 0, 0);
    RealFft fft = new RealFft(nFft);
    double[] frame = new double[nFft];
    double[] re = new double[bins()];
    double[] im = new double[bins()];
    for (int t = 0; t < frames; t++) {
      int start = t * hopLength;
      for (int j = 0; j < nFft; j++) frame[j] = padded[start + j] * window[j];
      fft.transform(frame, re, im);
      sink.accept(t, re, im);
    }
  }

  /** A complex spectrogram, real and imaginary parts {@code [frame][bin]}. */
  public record Complex(float[][] re, float[][] im) {}
}
