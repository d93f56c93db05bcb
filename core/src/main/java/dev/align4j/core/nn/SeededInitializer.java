package dev.align4j.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.initializer.Initializer;
import java.util.Random;

/**
 * An {@link Initializer} whose values come from {@link java.util.Random} with a fixed seed rather than the
 * engine's global generator, so the same seed gives the same weights on every machine and engine, whatever
 * else the process has drawn before. Each call continues the same stream: give every parameter its own
 * instance (see {@link #seedFor}) to make its values independent of initialization order.
 */
public final class SeededInitializer implements Initializer {

  private enum Kind { NORMAL, UNIFORM }

  private final Kind kind;
  private final double scale;
  private final Random random;

  private SeededInitializer(Kind kind, double scale, long seed) {
    this.kind = kind;
    this.scale = scale;
    this.random = new Random(seed);
  }

  /** Values drawn from N(0, std²). */
  public static SeededInitializer normal(double std, long seed) {
    return new SeededInitializer(Kind.NORMAL, std, seed);
  }

  /** Values drawn from U(-bound, bound). */
  public static SeededInitializer uniform(double bound, long seed) {
    return new SeededInitializer(Kind.UNIFORM, bound, seed);
  }

  /** A seed for one named parameter, derived from a model seed (stable across JVMs: String.hashCode is specified). */
  public static long seedFor(long seed, String parameterName) {
    long h = seed * 0x9E3779B97F4A7C15L + parameterName.hashCode();
    h ^= h >>> 33;
    h *= 0xFF51AFD7ED558CCDL;
    return h ^ (h >>> 33);
  }

  @Override
  public NDArray initialize(NDManager manager, Shape shape, DataType dataType) {
    long size = shape.size();
    if (size > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("Parameter too large to initialize from Java: " + shape);
    }
    float[] values = new float[(int) size];
    for (int i = 0; i < values.length; i++) {
      double u = kind == Kind.NORMAL ? random.nextGaussian() : 2 * random.nextDouble() - 1;
      values[i] = (float) (u * scale);
    }
    NDArray array = manager.create(values, shape);
    if (dataType == DataType.FLOAT32) {
      return array;
    }
    try (array) {
      return array.toType(dataType, true);
    }
  }
}
