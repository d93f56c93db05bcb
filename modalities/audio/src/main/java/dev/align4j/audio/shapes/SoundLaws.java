package dev.align4j.audio.shapes;

import dev.align4j.core.shapes.ShapeColor;
import dev.align4j.core.shapes.ShapeKind;
import dev.align4j.core.shapes.ShapeSize;

/**
 * The sounding-shapes world's laws, shared by the renderer (which obeys them) and the checker (which reads them
 * back): pitch from colour, timbre from kind, loudness from size, and one envelope for every note.
 */
public final class SoundLaws {
  /** The world's sample rate in Hz. */
  public static final int SAMPLE_RATE = 16000;
  /** Attack: a linear rise over 5 ms. */
  public static final double ATTACK_SECONDS = 0.005;
  /** Decay: {@code exp(-t / 60 ms)} after the attack. */
  public static final double DECAY_SECONDS = 0.060;
  /** A note lasts 300 ms (five decay constants), its last 10 ms faded out. */
  public static final double NOTE_SECONDS = 0.300;
  /** The fade at a note's end. */
  public static final double RELEASE_SECONDS = 0.010;
  /** The fundamental's peak amplitude of a large shape's note. */
  public static final double PEAK = 0.25;
  /** A small shape is quieter by 9 dB. */
  public static final double SMALL_DB = -9;
  /** The noise of a noise burst is high-passed here (4th-order Butterworth), above every third harmonic. */
  public static final double HISS_CUTOFF_HZ = 3500;
  /** Harmonics of square and triangle notes stop below this frequency (band-limited, no aliasing). */
  public static final double HARMONICS_BELOW_HZ = 7000;

  private SoundLaws() {}

  /**
   * The fundamental of a colour's notes, in Hz: red 330, orange 392, yellow 440, green 494, blue 587, purple 659,
   * white 784 (E4 G4 A4 B4 D5 E5 G5, well apart: neighbours differ by at least 48 Hz).
   */
  public static double pitch(ShapeColor color) {
    return switch (color) {
      case RED -> 329.63;
      case ORANGE -> 392.00;
      case YELLOW -> 440.00;
      case GREEN -> 493.88;
      case BLUE -> 587.33;
      case PURPLE -> 659.26;
      case WHITE -> 783.99;
    };
  }

  /** The timbre of a kind's notes: circle sine, square square wave, triangle triangle wave, cross noise burst. */
  public static Timbre timbre(ShapeKind kind) {
    return switch (kind) {
      case CIRCLE -> Timbre.SINE;
      case SQUARE -> Timbre.SQUARE;
      case TRIANGLE -> Timbre.TRIANGLE;
      case CROSS -> Timbre.NOISE_BURST;
    };
  }

  /** The kind whose notes have {@code timbre}. */
  public static ShapeKind kind(Timbre timbre) {
    for (ShapeKind k : ShapeKind.values()) {
      if (timbre(k) == timbre) return k;
    }
    throw new AssertionError(timbre);
  }

  /** The colour whose notes have the pitch nearest to {@code hz}. */
  public static ShapeColor nearestColor(double hz) {
    ShapeColor best = ShapeColor.values()[0];
    for (ShapeColor c : ShapeColor.values()) {
      if (Math.abs(Math.log(pitch(c) / hz)) < Math.abs(Math.log(pitch(best) / hz))) best = c;
    }
    return best;
  }

  /** The fundamental's peak amplitude for a shape of {@code size}. */
  public static double amplitude(ShapeSize size) {
    return size == ShapeSize.LARGE ? PEAK : PEAK * Math.pow(10, SMALL_DB / 20);
  }

  /** The envelope at {@code t} seconds after the onset: attack, exponential decay, release; 0 outside. */
  public static double envelope(double t) {
    if (t < 0 || t >= NOTE_SECONDS) return 0;
    double e = t < ATTACK_SECONDS ? t / ATTACK_SECONDS : Math.exp(-(t - ATTACK_SECONDS) / DECAY_SECONDS);
    double untilEnd = NOTE_SECONDS - t;
    return untilEnd < RELEASE_SECONDS ? e * untilEnd / RELEASE_SECONDS : e;
  }
}
