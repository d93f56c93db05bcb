package dev.align4j.core.audio;

import com.google.common.base.Preconditions;
import org.jtransforms.fft.DoubleFFT_1D;

/**
 * The one-sided DFT of a real frame, {@code X[k] = sum_j x[j] exp(-2 pi i j k / n)} for {@code k = 0 .. n/2}
 * (numpy's and torch's {@code rfft}), through JTransforms. Not thread-safe: one per thread or per call.
 */
final class RealFft {
  private final int n;
  private final DoubleFFT_1D fft;
  private final double[] work;

  RealFft(int n) {
    Preconditions.checkArgument(n > 0, "FFT size must be positive, got %s", n);
    this.n = n;
    this.fft = new DoubleFFT_1D(n);
    this.work = new double[2 * n];
  }

  /** Number of one-sided bins, {@code n / 2 + 1}. */
  int bins() {
    return n / 2 + 1;
  }

  /** Transforms {@code frame} (length n, left untouched) into {@code re} and {@code im} (length bins). */
  void transform(double[] frame, double[] re, double[] im) {
    System.arraycopy(frame, 0, work, 0, n);
    if (n % 2 == 0) {
      // JTransforms' packing for even n: a[0] = Re X0, a[1] = Re X(n/2), a[2k], a[2k+1] = Re, Im Xk.
      fft.realForward(work);
      re[0] = work[0];
      im[0] = 0;
      re[n / 2] = n > 1 ? work[1] : work[0];
      im[n / 2] = 0;
      for (int k = 1; k < n / 2; k++) {
        re[k] = work[2 * k];
        im[k] = work[2 * k + 1];
      }
    } else {
      fft.realForwardFull(work);
      for (int k = 0; k < bins(); k++) {
        re[k] = work[2 * k];
        im[k] = work[2 * k + 1];
      }
    }
  }
}
