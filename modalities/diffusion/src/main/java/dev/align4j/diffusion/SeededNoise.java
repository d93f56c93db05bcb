package dev.align4j.diffusion;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Random;

/**
 * Gaussian noise drawn per sample from {@link java.util.Random} (whose Gaussian algorithm the Java spec fixes),
 * never from the engine's global generator: sample i's noise is a function of its own seed and a stream number
 * alone (stream 0 the initial noise, stream k+1 the noise of sampling step k), so a sample is reproducible
 * whatever else shares its batch, on any engine or device.
 */
public final class SeededNoise {
  private SeededNoise() {}

  /** Noise {@code [B, ...shape]} for {@code seeds.length} samples, torch-owned. */
  public static NDArray gaussian(NDManager manager, long[] seeds, long stream, int... shape) {
    int per = 1;
    for (int d : shape) per *= d;
    float[] values = new float[seeds.length * per];
    for (int b = 0; b < seeds.length; b++) {
      Random r = new Random(mix(seeds[b], stream));
      for (int i = 0; i < per; i++) values[b * per + i] = (float) r.nextGaussian();
    }
    long[] dims = new long[shape.length + 1];
    dims[0] = seeds.length;
    for (int i = 0; i < shape.length; i++) dims[i + 1] = shape[i];
    return NoiseSchedule.owned(manager, values, new Shape(dims));
  }

  /** The dimensions of {@code batch}'s samples after the batch axis. */
  public static int[] sampleShape(NDArray batch) {
    long[] dims = batch.getShape().slice(1).getShape();
    int[] out = new int[dims.length];
    for (int i = 0; i < dims.length; i++) out[i] = Math.toIntExact(dims[i]);
    return out;
  }

  /** A well-mixed seed for (seed, stream) (SplitMix64's finalizer). */
  public static long mix(long seed, long stream) {
    long z = seed + (stream + 1) * 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
