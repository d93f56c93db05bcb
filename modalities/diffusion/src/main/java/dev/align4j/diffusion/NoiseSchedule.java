package dev.align4j.diffusion;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.google.common.base.Preconditions;
import dev.align4j.core.util.UserError;

/**
 * The forward (noising) process q(x_t | x_0) = N(sqrt(abar_t) x_0, (1 - abar_t) I) over T discrete
 * timesteps, shared by training (noisy inputs and regression targets) and every sampler.
 */
public final class NoiseSchedule {
  private final BetaSchedule kind;
  private final double[] betas;
  private final double[] alphaBar;

  public NoiseSchedule(BetaSchedule kind, int steps, double betaStart, double betaEnd) {
    Preconditions.checkArgument(steps > 1, "need at least 2 timesteps, got %s", steps);
    this.kind = kind;
    this.betas = kind.betas(steps, betaStart, betaEnd);
    this.alphaBar = BetaSchedule.cumprod(betas);
  }

  /** DDPM's schedule: linear betas 1e-4 .. 0.02 over 1000 steps. */
  public static NoiseSchedule ddpm() {
    return new NoiseSchedule(BetaSchedule.LINEAR, 1000, 1e-4, 0.02);
  }

  /** Stable Diffusion 1.x/2.x: scaled-linear betas 0.00085 .. 0.012 over 1000 steps. */
  public static NoiseSchedule stableDiffusion() {
    return new NoiseSchedule(BetaSchedule.SCALED_LINEAR, 1000, 0.00085, 0.012);
  }

  public BetaSchedule kind() {
    return kind;
  }

  /** T, the number of training timesteps. */
  public int steps() {
    return betas.length;
  }

  public double beta(int t) {
    return betas[t];
  }

  /** abar_t, the product of (1 - beta_s) for s <= t; 1 for t < 0 (the clean sample). */
  public double alphaBar(int t) {
    return t < 0 ? 1.0 : alphaBar[t];
  }

  /** x_t = sqrt(abar_t) x_0 + sqrt(1 - abar_t) eps, per example timestep. */
  public NDArray addNoise(NDArray x0, NDArray eps, int[] t) {
    return x0.mul(coefficient(x0, t, false)).add(eps.mul(coefficient(x0, t, true)));
  }

  /** What a network with this prediction type regresses on: eps, or v = sqrt(abar) eps - sqrt(1 - abar) x_0. */
  public NDArray target(Prediction prediction, NDArray x0, NDArray eps, int[] t) {
    checkDiffusion(prediction);
    if (prediction == Prediction.EPSILON) return eps;
    return eps.mul(coefficient(x0, t, false)).sub(x0.mul(coefficient(x0, t, true)));
  }

  /** Converts a network output to (predicted eps, predicted x_0) at x_t. */
  public NDArray[] epsilonAndX0(Prediction prediction, NDArray xt, NDArray output, int[] t) {
    checkDiffusion(prediction);
    NDArray a = coefficient(xt, t, false);
    NDArray s = coefficient(xt, t, true);
    if (prediction == Prediction.EPSILON) {
      NDArray x0 = xt.sub(output.mul(s)).div(a);
      return new NDArray[] {output, x0};
    }
    // v-prediction: x0 = a x_t - s v, eps = s x_t + a v
    return new NDArray[] {xt.mul(s).add(output.mul(a)), xt.mul(a).sub(output.mul(s))};
  }

  private static void checkDiffusion(Prediction prediction) {
    if (prediction == Prediction.FLOW) {
      throw new UserError("a flow-matching model (prediction_type flow_prediction) needs a rectified-flow schedule, "
          + "not DDPM betas");
    }
  }

  /**
   * sqrt(abar_t) (or sqrt(1 - abar_t)) per example, shaped [B, 1, ..., 1] to broadcast over like's
   * dimensions. The values are copied into torch-owned memory, so autograd never reads a freed Java buffer.
   */
  NDArray coefficient(NDArray like, int[] t, boolean noise) {
    Preconditions.checkArgument(t.length == like.getShape().get(0), "%s timesteps for a batch of %s", t.length,
        like.getShape().get(0));
    float[] c = new float[t.length];
    for (int i = 0; i < t.length; i++) {
      double ab = alphaBar(t[i]);
      c[i] = (float) Math.sqrt(noise ? 1 - ab : ab);
    }
    long[] dims = new long[like.getShape().dimension()];
    java.util.Arrays.fill(dims, 1);
    dims[0] = t.length;
    return owned(like.getManager(), c, new Shape(dims)).toType(like.getDataType(), false);
  }

  /** A float array in torch-owned memory (not a view of a Java buffer). */
  public static NDArray owned(NDManager manager, float[] values, Shape shape) {
    try (NDArray blob = manager.create(values, shape)) {
      return blob.duplicate();
    }
  }
}
