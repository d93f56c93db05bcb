package dev.align4j.core.audio;

/**
 * The two mel scales in use (torchaudio's {@code mel_scale}, librosa's {@code htk} flag). HTK is logarithmic
 * everywhere; Slaney (the Auditory Toolbox's, librosa's default) is linear below 1 kHz and logarithmic above.
 */
public enum MelScale {
  /** {@code mel = 2595 log10(1 + f / 700)}: torchaudio's default, Synchformer's, HTK's. */
  HTK,
  /**
   * {@code mel = 3 f / 200} below 1000 Hz, {@code 15 + 27 ln(f / 1000) / ln(6.4)} above: librosa's default
   * (MMAudio, LAION-CLAP's torchlibrosa front end).
   */
  SLANEY;

  private static final double F_SP = 200.0 / 3;
  private static final double MIN_LOG_HZ = 1000;
  private static final double MIN_LOG_MEL = MIN_LOG_HZ / F_SP;
  private static final double LOGSTEP = Math.log(6.4) / 27;

  /** Hz to mels. */
  public double toMel(double hz) {
    if (this == HTK) return 2595 * Math.log10(1 + hz / 700);
    return hz >= MIN_LOG_HZ ? MIN_LOG_MEL + Math.log(hz / MIN_LOG_HZ) / LOGSTEP : hz / F_SP;
  }

  /** Mels to Hz. */
  public double toHz(double mel) {
    if (this == HTK) return 700 * (Math.pow(10, mel / 2595) - 1);
    return mel >= MIN_LOG_MEL ? MIN_LOG_HZ * Math.exp(LOGSTEP * (mel - MIN_LOG_MEL)) : F_SP * mel;
  }
}
