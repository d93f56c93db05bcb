package dev.align4j.rewards.scoring;

import com.google.common.base.Preconditions;

/** The small vector math of embedding scores, in double precision. */
final class Vectors {
  private Vectors() {}

  static double dot(float[] a, float[] b) {
    Preconditions.checkArgument(a.length == b.length, "dimensions %s and %s", a.length, b.length);
    double s = 0;
    for (int i = 0; i < a.length; i++) s += (double) a[i] * b[i];
    return s;
  }

  /** {@code v / max(||v||, 1e-12)}, as {@code torch.nn.functional.normalize}. */
  static float[] normalize(float[] v) {
    double n = Math.max(Math.sqrt(dot(v, v)), 1e-12);
    float[] out = new float[v.length];
    for (int i = 0; i < v.length; i++) out[i] = (float) (v[i] / n);
    return out;
  }

  /** Cosine similarity: the dot product of the L2-normalised vectors. */
  static double cosine(float[] a, float[] b) {
    double na = Math.max(Math.sqrt(dot(a, a)), 1e-12);
    double nb = Math.max(Math.sqrt(dot(b, b)), 1e-12);
    return dot(a, b) / (na * nb);
  }
}
