package dev.align4j.audio.shapes;

/**
 * How a note sounds, one per shape kind. Every timbre has its pitch's fundamental at amplitude 1; they differ
 * in what lies above it: nothing, the odd harmonics at {@code 1/n} or {@code 1/n^2}, or a burst of high noise.
 */
public enum Timbre {
  /** A sine: the fundamental alone (circles). */
  SINE,
  /** A band-limited square wave: odd harmonics at {@code 1/n}, the third at -9.5 dB (squares). */
  SQUARE,
  /** A band-limited triangle wave: odd harmonics at {@code 1/n^2}, alternating in sign, the third at -19 dB. */
  TRIANGLE,
  /** A sine with a burst of white noise high-passed at 3.5 kHz, of equal energy, on top (crosses). */
  NOISE_BURST
}
