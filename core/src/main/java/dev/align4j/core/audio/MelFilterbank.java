package dev.align4j.core.audio;

import com.google.common.base.Preconditions;

/**
 * Triangular mel filters over the bins of a one-sided spectrum, as torchaudio's
 * {@code melscale_fbanks(n_freqs, f_min, f_max, n_mels, sample_rate, norm, mel_scale)} builds them: bin
 * {@code i} sits at {@code i * (sample_rate // 2) / (n_freqs - 1)} Hz; {@code n_mels + 2} points equally spaced
 * in mels from {@code f_min} to {@code f_max} are the filters' edges and centres; filter {@code m} rises
 * linearly (in Hz) from point m to m + 1 and falls to m + 2. Slaney normalisation divides each filter by
 * half its width in Hz ({@code 2 / (f[m + 2] - f[m])}), giving equal area. Immutable.
 */
public final class MelFilterbank {
  /** How filters are scaled. */
  public enum Norm {
    /** Peak 1 (torchaudio's {@code norm=None}, HTK). */
    NONE,
    /** Equal area: {@code 2 / (f[m + 2] - f[m])} (torchaudio's and librosa's {@code norm="slaney"}). */
    SLANEY
  }

  private final float[][] weights; // [freq][mel]

  private MelFilterbank(float[][] weights) {
    this.weights = weights;
  }

  /**
   * The filterbank of torchaudio's {@code melscale_fbanks}.
   *
   * @param nFreqs number of spectrum bins ({@code n_fft / 2 + 1})
   * @param fMin lowest edge in Hz
   * @param fMax highest edge in Hz
   * @param nMels number of filters
   * @param sampleRate the spectrum's sample rate
   */
  public static MelFilterbank of(MelScale scale, Norm norm, int nFreqs, double fMin, double fMax, int nMels,
      int sampleRate) {
    Preconditions.checkArgument(nFreqs > 1, "need at least 2 frequency bins, got %s", nFreqs);
    Preconditions.checkArgument(nMels > 0, "n_mels must be positive, got %s", nMels);
    Preconditions.checkArgument(fMin >= 0 && fMax > fMin, "need 0 <= f_min < f_max, got %s and %s", fMin, fMax);
    double top = sampleRate / 2; // torchaudio: linspace(0, sample_rate // 2, n_freqs)
    double[] hz = new double[nFreqs];
    for (int i = 0; i < nFreqs; i++) hz[i] = top * i / (nFreqs - 1);
    double mMin = scale.toMel(fMin);
    double mMax = scale.toMel(fMax);
    double[] f = new double[nMels + 2];
    for (int p = 0; p < f.length; p++) f[p] = scale.toHz(mMin + (mMax - mMin) * p / (nMels + 1));
    float[][] w = new float[nFreqs][nMels];
    for (int m = 0; m < nMels; m++) {
      double enorm = norm == Norm.SLANEY ? 2 / (f[m + 2] - f[m]) : 1;
      for (int i = 0; i < nFreqs; i++) {
        double down = (hz[i] - f[m]) / (f[m + 1] - f[m]);
        double up = (f[m + 2] - hz[i]) / (f[m + 2] - f[m + 1]);
        w[i][m] = (float) (Math.max(0, Math.min(down, up)) * enorm);
      }
    }
    return new MelFilterbank(w);
  }

  /** Number of spectrum bins the filters take. */
  public int freqs() {
    return weights.length;
  }

  /** Number of filters. */
  public int mels() {
    return weights[0].length;
  }

  /** The weights {@code [freq][mel]} (a copy), torchaudio's {@code (n_freqs, n_mels)} layout. */
  public float[][] weights() {
    float[][] copy = new float[weights.length][];
    for (int i = 0; i < weights.length; i++) copy[i] = weights[i].clone();
    return copy;
  }

  /** Mel energies {@code [frame][mel]} of a spectrogram {@code [frame][freq]}. */
  public float[][] apply(float[][] spectrogram) {
    float[][] out = new float[spectrogram.length][mels()];
    for (int t = 0; t < spectrogram.length; t++) {
      float[] s = spectrogram[t];
      Preconditions.checkArgument(s.length == freqs(), "spectrogram frames of %s bins, filters take %s", s.length,
          freqs());
      double[] acc = new double[mels()];
      for (int i = 0; i < s.length; i++) {
        if (s[i] == 0) continue;
        float[] row = weights[i];
        for (int m = 0; m < acc.length; m++) acc[m] += (double) s[i] * row[m];
      }
      for (int m = 0; m < acc.length; m++) out[t][m] = (float) acc[m];
    }
    return out;
  }
}
