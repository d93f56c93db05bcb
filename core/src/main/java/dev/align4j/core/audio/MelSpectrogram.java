package dev.align4j.core.audio;

import com.google.common.base.Preconditions;

/**
 * A mel spectrogram, torchaudio's {@code MelSpectrogram}: {@code |STFT|^power} through a mel filterbank,
 * {@code [frame][mel]}. Immutable and thread-safe.
 *
 * @param stft the short-time transform
 * @param power 2 for power, 1 for magnitude
 * @param filters mel filters over the STFT's bins
 */
public record MelSpectrogram(Stft stft, double power, MelFilterbank filters) {
  public MelSpectrogram {
    Preconditions.checkNotNull(stft, "stft");
    Preconditions.checkNotNull(filters, "filters");
    Preconditions.checkArgument(filters.freqs() == stft.bins(), "filters over %s bins for an STFT of %s bins",
        filters.freqs(), stft.bins());
    Preconditions.checkArgument(power > 0, "power must be positive, got %s", power);
  }

  /**
   * torchaudio's {@code MelSpectrogram(sample_rate, n_fft, win_length, hop_length, f_min, f_max, n_mels)} with
   * its other defaults: periodic Hann window, centred reflect-padded frames, power 2, HTK scale, no norm.
   */
  public static MelSpectrogram torchaudio(int sampleRate, int nFft, int winLength, int hopLength, double fMin,
      double fMax, int nMels) {
    return torchaudio(sampleRate, nFft, winLength, hopLength, fMin, fMax, nMels, MelScale.HTK,
        MelFilterbank.Norm.NONE);
  }

  /** As {@link #torchaudio(int, int, int, int, double, double, int)} with a mel scale and norm of choice. */
  public static MelSpectrogram torchaudio(int sampleRate, int nFft, int winLength, int hopLength, double fMin,
      double fMax, int nMels, MelScale scale, MelFilterbank.Norm norm) {
    Stft stft = Stft.torch(nFft, winLength, hopLength);
    return new MelSpectrogram(stft, 2, MelFilterbank.of(scale, norm, stft.bins(), fMin, fMax, nMels, sampleRate));
  }

  /**
   * Synchformer's audio front end (DeSync, av-benchmark): 16 kHz, {@code n_fft} 1024, window 400, hop 160,
   * 128 HTK mels over 0..8 kHz, power 2; follow with {@link #synchformerLog}.
   */
  public static MelSpectrogram synchformer() {
    return torchaudio(16000, 1024, 400, 160, 0, 8000, 128);
  }

  /**
   * Synchformer's normalised log-mel: {@code (ln(mel + 1e-6) - (-4.2677393)) / (2 * 4.5689974)}, padded with
   * zeros or cut to 66 frames per 0.64 s segment by the caller ({@link Spectrograms#padOrCut}).
   */
  public static float[][] synchformerLog(float[][] mel) {
    float[][] out = Spectrograms.log(mel, 1e-6);
    for (float[] row : out) {
      for (int m = 0; m < row.length; m++) row[m] = (float) ((row[m] + 4.2677393) / (2 * 4.5689974));
    }
    return out;
  }

  /** Mel energies {@code [frame][mel]} of {@code x}. */
  public float[][] apply(float[] x) {
    return filters.apply(stft.spectrogram(x, power));
  }

  /** Number of mel bins. */
  public int mels() {
    return filters.mels();
  }
}
