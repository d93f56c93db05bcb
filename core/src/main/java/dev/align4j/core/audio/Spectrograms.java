package dev.align4j.core.audio;

import com.google.common.base.Preconditions;

/** Element-wise helpers over {@code [frame][bin]} spectrograms: logs, decibels, padding to a length. */
public final class Spectrograms {
  private Spectrograms() {}

  /** {@code ln(x + offset)} per value (Synchformer: offset 1e-6). */
  public static float[][] log(float[][] x, double offset) {
    float[][] out = new float[x.length][];
    for (int t = 0; t < x.length; t++) {
      out[t] = new float[x[t].length];
      for (int k = 0; k < x[t].length; k++) out[t][k] = (float) Math.log(x[t][k] + offset);
    }
    return out;
  }

  /** {@code log10(max(x, floor))} per value (MMAudio: floor 1e-5 on magnitude mels). */
  public static float[][] log10Clamped(float[][] x, double floor) {
    float[][] out = new float[x.length][];
    for (int t = 0; t < x.length; t++) {
      out[t] = new float[x[t].length];
      for (int k = 0; k < x[t].length; k++) out[t][k] = (float) Math.log10(Math.max(x[t][k], floor));
    }
    return out;
  }

  /**
   * Power to decibels, torchaudio's {@code AmplitudeToDB(stype="power", top_db=None)}:
   * {@code 10 log10(max(x, 1e-10))}.
   */
  public static float[][] powerToDb(float[][] x) {
    float[][] out = log10Clamped(x, 1e-10);
    for (float[] row : out) {
      for (int k = 0; k < row.length; k++) row[k] *= 10;
    }
    return out;
  }

  /** The first {@code frames} frames of {@code x}, zero frames appended when it has fewer. */
  public static float[][] padOrCut(float[][] x, int frames) {
    Preconditions.checkArgument(frames >= 0, "frames must be non-negative, got %s", frames);
    int bins = x.length > 0 ? x[0].length : 0;
    float[][] out = new float[frames][];
    for (int t = 0; t < frames; t++) out[t] = t < x.length ? x[t].clone() : new float[bins];
    return out;
  }

  /** The transpose ({@code [bin][frame]}, torchaudio's layout, from {@code [frame][bin]}). */
  public static float[][] transpose(float[][] x) {
    int bins = x.length > 0 ? x[0].length : 0;
    float[][] out = new float[bins][x.length];
    for (int t = 0; t < x.length; t++) {
      for (int k = 0; k < bins; k++) out[k][t] = x[t][k];
    }
    return out;
  }
}
