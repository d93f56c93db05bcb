package dev.align4j.core.audio;

import com.google.common.base.Preconditions;
import com.google.common.math.IntMath;

/**
 * Band-limited resampling by windowed-sinc interpolation, as {@code torchaudio.functional.resample(waveform,
 * orig_freq, new_freq, lowpass_filter_width=6, rolloff=0.99)} computes it. With both rates divided by their gcd
 * ({@code o}, {@code n}) and the cut-off {@code b = min(o, n) * rolloff}, output sample {@code y} at position
 * {@code m} is {@code sum_s x[s] (b / o) sinc(pi t) w(t)} over the source samples {@code s} of its block, where
 * {@code t = clamp(b (s / o - m / n), -W, W)}, {@code W} the filter width in zero crossings and {@code w} the
 * window ({@code cos^2(pi t / 2W)}, torchaudio's default "sinc_interp_hann", or Kaiser). The signal is
 * zero beyond its ends; the output has {@code ceil(n * length / o)} samples. Immutable and thread-safe.
 */
public final class Resampler {
  /** torchaudio's default Kaiser beta. */
  public static final double DEFAULT_KAISER_BETA = 14.769656459379492;

  /** The interpolation window. */
  public enum Method {
    /** {@code cos^2(pi t / 2W)}: torchaudio's default ("sinc_interpolation", later "sinc_interp_hann"). */
    SINC_HANN,
    /** {@code I0(beta sqrt(1 - (t / W)^2)) / I0(beta)} ("kaiser_window", "sinc_interp_kaiser"). */
    KAISER
  }

  private final int from;
  private final int to;
  private final int orig;
  private final int next;
  private final int width;
  private final double[][] kernels; // [phase][tap]

  /** torchaudio's default resampler from {@code from} Hz to {@code to} Hz. */
  public Resampler(int from, int to) {
    this(from, to, 6, 0.99, Method.SINC_HANN, DEFAULT_KAISER_BETA);
  }

  /**
   * A resampler with torchaudio's other options.
   *
   * @param lowpassFilterWidth the filter's half-width in zero crossings (6)
   * @param rolloff the cut-off as a fraction of the lower Nyquist rate (0.99)
   * @param beta the Kaiser window's shape (ignored for {@link Method#SINC_HANN})
   */
  public Resampler(int from, int to, int lowpassFilterWidth, double rolloff, Method method, double beta) {
    Preconditions.checkArgument(from > 0 && to > 0, "sample rates must be positive, got %s and %s", from, to);
    Preconditions.checkArgument(lowpassFilterWidth > 0, "lowpass_filter_width must be positive, got %s",
        lowpassFilterWidth);
    Preconditions.checkArgument(rolloff > 0 && rolloff <= 1, "rolloff must be in (0, 1], got %s", rolloff);
    this.from = from;
    this.to = to;
    int gcd = IntMath.gcd(from, to);
    this.orig = from / gcd;
    this.next = to / gcd;
    double base = Math.min(orig, next) * rolloff;
    this.width = (int) Math.ceil(lowpassFilterWidth * orig / base);
    double scale = base / orig;
    double i0Beta = besselI0(beta);
    kernels = new double[next][2 * width + orig];
    for (int phase = 0; phase < next; phase++) {
      for (int tap = 0; tap < kernels[phase].length; tap++) {
        double t = (-phase / (double) next + (tap - width) / (double) orig) * base;
        t = Math.max(-lowpassFilterWidth, Math.min(lowpassFilterWidth, t));
        double window = method == Method.SINC_HANN
            ? Math.pow(Math.cos(t * Math.PI / lowpassFilterWidth / 2), 2)
            : besselI0(beta * Math.sqrt(1 - Math.pow(t / lowpassFilterWidth, 2))) / i0Beta;
        double pt = t * Math.PI;
        double sinc = pt == 0 ? 1 : Math.sin(pt) / pt;
        kernels[phase][tap] = sinc * window * scale;
      }
    }
  }

  /** The source rate in Hz. */
  public int from() {
    return from;
  }

  /** The target rate in Hz. */
  public int to() {
    return to;
  }

  /** Output length for {@code length} input samples: {@code ceil(to * length / from)} (in lowest terms). */
  public int outputLength(int length) {
    return (int) (((long) next * length + orig - 1) / orig);
  }

  /** {@code x} resampled (a copy when the rates are equal). */
  public float[] apply(float[] x) {
    if (from == to) return x.clone();
    int length = x.length;
    float[] y = new float[outputLength(length)];
    int taps = 2 * width + orig;
    for (int m = 0; m < y.length; m++) {
      int block = m / next;
      double[] k = kernels[m % next];
      int first = block * orig - width; // source index of tap 0
      int lo = Math.max(0, -first);
      int hi = Math.min(taps, length - first);
      double sum = 0;
      for (int tap = lo; tap < hi; tap++) sum += x[first + tap] * k[tap];
      y[m] = (float) sum;
    }
    return y;
  }

  /** The modified Bessel function of the first kind, order 0, by its power series. */
  static double besselI0(double x) {
    double term = 1;
    double sum = 1;
    double q = x * x / 4;
    for (int k = 1; k < 500 && term > 1e-17 * sum; k++) {
      term *= q / ((double) k * k);
      sum += term;
    }
    return sum;
  }
}
