package dev.align4j.diffusion;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.google.common.base.Preconditions;
import java.util.SplittableRandom;

/**
 * One flow-matching time and one noise tensor per example (a pair's winner and loser share them, as in
 * Flow-DPO's official code).
 *
 * @param times t per example, in [0, 1] (0 the clean sample, 1 pure noise)
 * @param noise eps per example {@code [N, ...]}, standard normal, torch-owned memory
 */
public record FlowDraw(float[] times, NDArray noise) {
  public FlowDraw {
    Preconditions.checkArgument(times.length == noise.getShape().get(0), "%s times for %s noise samples",
        times.length, noise.getShape().get(0));
    for (float t : times) Preconditions.checkArgument(t >= 0 && t <= 1, "flow time %s outside [0, 1]", t);
  }

  /** Draws from the engine's generator, which the trainer seeds at every step. */
  public static FlowDraw fromEngine(NDManager manager, int n, long[] sampleShape, TimestepDensity density) {
    float[] t = density.draw(manager, n);
    return new FlowDraw(t, manager.randomNormal(new Shape(batchShape(n, sampleShape))));
  }

  /**
   * Draws from a generator per example keyed by {@code keys[i]}, leaving the engine's generator alone: a
   * held-out set sees the same times and noise at every evaluation.
   */
  public static FlowDraw keyed(NDManager manager, long[] keys, long[] sampleShape, TimestepDensity density) {
    int per = Math.toIntExact(new Shape(sampleShape).size());
    float[] t = new float[keys.length];
    float[] eps = new float[keys.length * per];
    for (int i = 0; i < keys.length; i++) {
      SplittableRandom rnd = new SplittableRandom(keys[i]);
      t[i] = density.draw(rnd);
      for (int j = 0; j < per; j++) eps[i * per + j] = (float) rnd.nextGaussian();
    }
    return new FlowDraw(t, NoiseSchedule.owned(manager, eps, new Shape(batchShape(keys.length, sampleShape))));
  }

  /** This draw for each example twice over: {@code [a; a]}, for a pair's winners then losers. */
  public FlowDraw twice() {
    float[] t2 = new float[times.length * 2];
    System.arraycopy(times, 0, t2, 0, times.length);
    System.arraycopy(times, 0, t2, times.length, times.length);
    return new FlowDraw(t2, noise.concat(noise, 0));
  }

  private static long[] batchShape(int n, long[] sampleShape) {
    long[] dims = new long[sampleShape.length + 1];
    dims[0] = n;
    System.arraycopy(sampleShape, 0, dims, 1, sampleShape.length);
    return dims;
  }
}
