package dev.align4j.image.diffusion;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.align4j.image.unet.UNetConfig;
import dev.align4j.image.unet.UNetDenoiser;
import java.util.List;
import java.util.Random;

/** Small random-weight networks and inputs for sampler tests. */
final class TinyDenoisers {
  private TinyDenoisers() {}

  static UNetConfig config(String prediction) {
    return new UNetConfig(3, 8, List.of(16, 32), 4, 32, 16, 2, prediction);
  }

  static UNetDenoiser unet(NDManager m, String prediction, long seed) {
    return UNetDenoiser.create(config(prediction), seed, m);
  }

  /** Random caption embeddings [b, 5, 16]. */
  static NDArray context(NDManager m, int b, long seed) {
    return m.create(values(b * 5 * 16, seed, 1), new Shape(b, 5, 16));
  }

  /** A "clean image" [b, 3, 8, 8] in (-0.8, 0.8). */
  static NDArray image(NDManager m, int b, long seed) {
    float[] v = values(b * 3 * 64, seed, 0);
    return m.create(v, new Shape(b, 3, 8, 8));
  }

  static float[] values(int n, long seed, double std) {
    Random r = new Random(seed);
    float[] v = new float[n];
    for (int i = 0; i < n; i++) v[i] = (float) (std > 0 ? std * r.nextGaussian() : 1.6 * r.nextDouble() - 0.8);
    return v;
  }

  static double maxAbsDiff(NDArray a, NDArray b) {
    float[] x = a.toFloatArray();
    float[] y = b.toFloatArray();
    double m = 0;
    for (int i = 0; i < x.length; i++) m = Math.max(m, Math.abs(x[i] - y[i]));
    return m;
  }
}
