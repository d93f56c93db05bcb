package dev.align4j.audio.shapes;

import com.google.common.base.Preconditions;
import dev.align4j.core.media.Audio;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Renders the ground-truth waveform of a clip's events: one note per event from its onset
 * ({@link SoundEvent#seconds()}), {@link SoundLaws}' pitch, timbre, loudness and envelope, summed, mono. The seed
 * fixes every note's starting phase and the noise of noise bursts, so the same events and seed give the same
 * samples. Thread-safe.
 */
public final class SoundRenderer {
  private final int sampleRate;

  /** A renderer at the world's rate ({@link SoundLaws#SAMPLE_RATE}). */
  public SoundRenderer() {
    this(SoundLaws.SAMPLE_RATE);
  }

  public SoundRenderer(int sampleRate) {
    Preconditions.checkArgument(sampleRate >= 2 * SoundLaws.HARMONICS_BELOW_HZ, "a sample rate of at least %s Hz,"
        + " got %s", (Object) (2 * SoundLaws.HARMONICS_BELOW_HZ), sampleRate);
    this.sampleRate = sampleRate;
  }

  public int sampleRate() {
    return sampleRate;
  }

  /**
   * {@code seconds} of sound with a note for every event; the last {@link SoundLaws#RELEASE_SECONDS} fade out (a
   * raised cosine), so a note still ringing when the clip ends stops without a click.
   */
  public Audio render(List<SoundEvent> events, double seconds, long seed) {
    float[] out = new float[(int) Math.round(seconds * sampleRate)];
    SplittableRandom rnd = new SplittableRandom(seed);
    for (SoundEvent e : events) addNote(out, e, rnd.split());
    int fade = (int) Math.round(SoundLaws.RELEASE_SECONDS * sampleRate);
    for (int j = 0; j < Math.min(fade, out.length); j++) {
      out[out.length - 1 - j] *= (float) (0.5 - 0.5 * Math.cos(Math.PI * j / fade)); // raised cosine: no kink
    }
    return new Audio(out, sampleRate, 1);
  }

  /** Adds the note of {@code e} to {@code out} (samples at this renderer's rate), drawing from {@code rnd}. */
  public void addNote(float[] out, SoundEvent e, SplittableRandom rnd) {
    double f0 = e.pitch();
    double amplitude = SoundLaws.amplitude(e.spec().size());
    Timbre timbre = e.timbre();
    double phase = rnd.nextDouble() * 2 * Math.PI;
    int start = (int) Math.round(e.seconds() * sampleRate);
    int length = (int) Math.round(SoundLaws.NOTE_SECONDS * sampleRate);
    double[] hiss = timbre == Timbre.NOISE_BURST ? hiss(length, rnd) : null;
    for (int j = 0; j < length && start + j < out.length; j++) {
      double t = j / (double) sampleRate;
      double w = 2 * Math.PI * f0 * t + phase;
      double v = switch (timbre) {
        case SINE, NOISE_BURST -> Math.sin(w);
        case SQUARE -> oddHarmonics(w, f0, false);
        case TRIANGLE -> oddHarmonics(w, f0, true);
      };
      if (hiss != null) v += hiss[j];
      if (start + j >= 0) out[start + j] += (float) (amplitude * SoundLaws.envelope(t) * v);
    }
  }

  /**
   * {@code length} samples of white Gaussian noise through a 4th-order Butterworth high-pass at
   * {@link SoundLaws#HISS_CUTOFF_HZ} (two biquads, Q 0.5412 and 1.3066), scaled to a sine's energy (mean square
   * 0.5): the noise of a noise burst, which leaves the band of every pitch's third harmonic nearly empty.
   */
  double[] hiss(int length, SplittableRandom rnd) {
    double[] x = new double[length];
    for (int i = 0; i < length; i++) x[i] = rnd.nextGaussian();
    highPass(x, SoundLaws.HISS_CUTOFF_HZ / sampleRate, 0.5412);
    highPass(x, SoundLaws.HISS_CUTOFF_HZ / sampleRate, 1.3066);
    double energy = 0;
    for (double v : x) energy += v * v;
    double scale = Math.sqrt(0.5 * length / Math.max(energy, 1e-30));
    for (int i = 0; i < length; i++) x[i] *= scale;
    return x;
  }

  /** A biquad high-pass in place (the Audio EQ Cookbook's), cut-off as a fraction of the sample rate. */
  private static void highPass(double[] x, double cutoff, double q) {
    double w0 = 2 * Math.PI * cutoff;
    double alpha = Math.sin(w0) / (2 * q);
    double cos = Math.cos(w0);
    double a0 = 1 + alpha;
    double b0 = (1 + cos) / 2 / a0;
    double b1 = -(1 + cos) / a0;
    double b2 = b0;
    double a1 = -2 * cos / a0;
    double a2 = (1 - alpha) / a0;
    double x1 = 0;
    double x2 = 0;
    double y1 = 0;
    double y2 = 0;
    for (int i = 0; i < x.length; i++) {
      double y = b0 * x[i] + b1 * x1 + b2 * x2 - a1 * y1 - a2 * y2;
      x2 = x1;
      x1 = x[i];
      y2 = y1;
      y1 = y;
      x[i] = y;
    }
  }

  /** {@code sum over odd n} of {@code sin(n w) / n} (square) or {@code (-1)^k sin(n w) / n^2} (triangle). */
  private static double oddHarmonics(double w, double f0, boolean triangle) {
    double sum = 0;
    int k = 0;
    for (int n = 1; n * f0 < SoundLaws.HARMONICS_BELOW_HZ; n += 2, k++) {
      sum += triangle ? (k % 2 == 0 ? 1 : -1) * Math.sin(n * w) / (n * (double) n) : Math.sin(n * w) / n;
    }
    return sum;
  }
}
