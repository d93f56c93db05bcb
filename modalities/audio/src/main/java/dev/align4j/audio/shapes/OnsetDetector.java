package dev.align4j.audio.shapes;

import dev.align4j.core.audio.MelFilterbank;
import dev.align4j.core.audio.MelScale;
import dev.align4j.core.audio.MelSpectrogram;
import dev.align4j.core.audio.Padding;
import dev.align4j.core.audio.Spectrograms;
import dev.align4j.core.audio.Stft;
import dev.align4j.core.audio.WindowFunction;
import java.util.ArrayList;
import java.util.List;

/**
 * Note onsets by spectral flux on a log-mel spectrogram, at the world's 16 kHz: 40 HTK mels over 0..8 kHz of
 * 16 ms Hann frames every 4 ms (centred, zero-padded, so a note at the very start shows),
 * {@code L = ln(mel + 1e-6)} (frames before the first are silence); the flux at frame t is the sum over mels of
 * the rise {@code max(0, L[t][m] - max(L[t - 2][m - 1 .. m + 1]))} (SuperFlux's lag and neighbour maximum, which
 * keep the wobble of noise from reading as onsets; frames whose window reaches past the end have none); an
 * onset is a flux that reaches {@value #THRESHOLD}, is the largest within {@value #PEAK_FRAMES} frames either
 * side, and comes at least {@value #MIN_GAP_SECONDS} s after the previous onset. Its time is the frame's
 * centre. Thread-safe.
 */
public final class OnsetDetector {
  /** The least flux (sum over mels of log rises) that is an onset. */
  public static final double THRESHOLD = 12;
  /** Frames either side within which an onset's flux is the largest. */
  public static final int PEAK_FRAMES = 5;
  /** The least time between two onsets. */
  public static final double MIN_GAP_SECONDS = 0.05;
  private static final int N_FFT = 256;
  private static final int HOP = 64;
  private static final int LAG = 2;
  private static final double FLOOR = 1e-6;

  private final MelSpectrogram mel = new MelSpectrogram(
      Stft.of(N_FFT, N_FFT, HOP, WindowFunction.HANN, true, true, Padding.CONSTANT), 2,
      MelFilterbank.of(MelScale.HTK, MelFilterbank.Norm.NONE, 129, 0, 8000, 40, SoundLaws.SAMPLE_RATE));

  /**
   * The flux per frame of a 16 kHz mono signal; frames before the first are silence (so a note at the start has
   * its onset), and frames whose window reaches past the end get none (a waveform cut off mid-note is no onset).
   */
  public double[] flux(float[] x) {
    float[][] log = Spectrograms.log(mel.apply(x), FLOOR);
    double[] flux = new double[log.length];
    float silence = (float) Math.log(FLOOR);
    for (int t = 0; t < log.length && t * HOP + N_FFT / 2 <= x.length; t++) {
      float[] now = log[t];
      float[] before = t >= LAG ? log[t - LAG] : null;
      double sum = 0;
      for (int m = 0; m < now.length; m++) {
        double ref = silence;
        if (before != null) {
          ref = before[m];
          if (m > 0) ref = Math.max(ref, before[m - 1]);
          if (m + 1 < now.length) ref = Math.max(ref, before[m + 1]);
        }
        sum += Math.max(0, now[m] - ref);
      }
      flux[t] = sum;
    }
    return flux;
  }

  /** Onset times in seconds, ascending, of a 16 kHz mono signal. */
  public List<Double> onsets(float[] x) {
    double[] flux = flux(x);
    List<Double> out = new ArrayList<>();
    double last = Double.NEGATIVE_INFINITY;
    for (int t = 0; t < flux.length; t++) {
      if (flux[t] < THRESHOLD) continue;
      boolean peak = true;
      for (int u = Math.max(0, t - PEAK_FRAMES); u <= Math.min(flux.length - 1, t + PEAK_FRAMES) && peak; u++) {
        if (flux[u] > flux[t] || (flux[u] == flux[t] && u < t)) peak = false;
      }
      double seconds = t * HOP / (double) SoundLaws.SAMPLE_RATE;
      if (peak && seconds - last >= MIN_GAP_SECONDS) {
        out.add(seconds);
        last = seconds;
      }
    }
    return out;
  }
}
