package dev.align4j.diffusion;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.google.common.base.Preconditions;
import java.util.SplittableRandom;

/**
 * How flow-matching training draws its time t in [0, 1]: uniformly, or logit-normal ({@code t = sigmoid(m + s
 * z)}, z standard normal; Esser et al. 2024, SD3), which the official Flow-DPO code uses with m 0, s 1.
 *
 * @param logitNormal false: uniform on [0, 1)
 * @param mean m, for the logit-normal density
 * @param std s, for the logit-normal density
 */
public record TimestepDensity(boolean logitNormal, double mean, double std) {
  public TimestepDensity {
    Preconditions.checkArgument(std > 0, "logit-normal std must be > 0, got %s", std);
  }

  /** Uniform on [0, 1). */
  public static TimestepDensity uniform() {
    return new TimestepDensity(false, 0, 1);
  }

  /** Logit-normal with mean {@code mean} and std {@code std} of the logit. */
  public static TimestepDensity logitNormal(double mean, double std) {
    return new TimestepDensity(true, mean, std);
  }

  /** {@code n} times from the engine's generator (seeded by the trainer at every step). */
  public float[] draw(NDManager manager, int n) {
    if (!logitNormal) {
      try (NDArray u = manager.randomUniform(0f, 1f, new Shape(n))) {
        return u.toFloatArray();
      }
    }
    try (NDArray z = manager.randomNormal(new Shape(n))) {
      float[] t = z.toFloatArray();
      for (int i = 0; i < n; i++) t[i] = (float) sigmoid(mean + std * t[i]);
      return t;
    }
  }

  /** One time from {@code random}. */
  public float draw(SplittableRandom random) {
    return (float) (logitNormal ? sigmoid(mean + std * random.nextGaussian()) : random.nextDouble());
  }

  private static double sigmoid(double x) {
    return 1 / (1 + Math.exp(-x));
  }

  @Override
  public String toString() {
    return logitNormal ? "logit_normal(" + mean + ", " + std + ")" : "uniform";
  }
}
