package dev.align4j.diffusion;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.google.common.base.Preconditions;
import java.util.SplittableRandom;

/**
 * One timestep and one noise tensor per example (a pair's winner and loser share them).
 *
 * @param timesteps t per example, in the drawn range
 * @param noise eps per example {@code [N, ...]}, standard normal, torch-owned memory
 */
public record NoiseDraw(int[] timesteps, NDArray noise) {
  /**
   * Draws from the engine's random generator, which the trainer seeds at every step: the same seed and step
   * give the same draw.
   *
   * @param maxTimestep inclusive
   */
  public static NoiseDraw fromEngine(NDManager manager, int n, long[] sampleShape, int minTimestep, int maxTimestep) {
    check(minTimestep, maxTimestep);
    long[] t = manager.randomInteger(minTimestep, maxTimestep + 1L, new Shape(n), DataType.INT64).toLongArray();
    int[] ts = new int[n];
    for (int i = 0; i < n; i++) ts[i] = Math.toIntExact(t[i]);
    NDArray eps = manager.randomNormal(new Shape(batchShape(n, sampleShape)));
    return new NoiseDraw(ts, eps);
  }

  /**
   * Draws from a generator per example keyed by {@code keys[i]}, leaving the engine's generator alone: the
   * held-out set sees the same timesteps and noise at every evaluation, so its numbers are comparable across
   * steps.
   */
  public static NoiseDraw keyed(NDManager manager, long[] keys, long[] sampleShape, int minTimestep, int maxTimestep) {
    check(minTimestep, maxTimestep);
    int per = Math.toIntExact(new Shape(sampleShape).size());
    int[] ts = new int[keys.length];
    float[] eps = new float[keys.length * per];
    for (int i = 0; i < keys.length; i++) {
      SplittableRandom rnd = new SplittableRandom(keys[i]);
      ts[i] = minTimestep + rnd.nextInt(maxTimestep - minTimestep + 1);
      for (int j = 0; j < per; j++) eps[i * per + j] = (float) rnd.nextGaussian();
    }
    return new NoiseDraw(ts, NoiseSchedule.owned(manager, eps, new Shape(batchShape(keys.length, sampleShape))));
  }

  /** This draw for each example twice over: {@code [a; a]}, for a pair's winners then losers. */
  public NoiseDraw twice() {
    int[] t2 = new int[timesteps.length * 2];
    System.arraycopy(timesteps, 0, t2, 0, timesteps.length);
    System.arraycopy(timesteps, 0, t2, timesteps.length, timesteps.length);
    return new NoiseDraw(t2, noise.concat(noise, 0));
  }

  private static void check(int min, int max) {
    Preconditions.checkArgument(0 <= min && min <= max, "timestep range [%s, %s]", min, max);
  }

  private static long[] batchShape(int n, long[] sampleShape) {
    long[] dims = new long[sampleShape.length + 1];
    dims[0] = n;
    System.arraycopy(sampleShape, 0, dims, 1, sampleShape.length);
    return dims;
  }
}
