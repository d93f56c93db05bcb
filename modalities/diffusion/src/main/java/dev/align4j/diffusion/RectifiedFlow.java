package dev.align4j.diffusion;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.google.common.base.Preconditions;
import dev.align4j.core.train.Reference;
import dev.align4j.core.util.UserError;

/**
 * The rectified-flow forward process (Liu et al. 2023; SD3, Flux, TangoFlux): a straight line from the clean
 * sample to noise, {@code x_t = (1 - t) x0 + t eps} for t in [0, 1], and the velocity a
 * {@link Prediction#FLOW} network regresses on, {@code v = dx_t/dt = eps - x0}. The network sees
 * {@code t * timestepScale} (diffusers' flow-matching schedulers: 1000).
 */
public final class RectifiedFlow {
  private final double timestepScale;

  /** @param timestepScale what t = 1 is to the network (1000 in diffusers' flow-matching models) */
  public RectifiedFlow(double timestepScale) {
    Preconditions.checkArgument(timestepScale > 0, "timestep scale must be > 0, got %s", timestepScale);
    this.timestepScale = timestepScale;
  }

  /** t scaled by 1000, as diffusers' FlowMatchEulerDiscreteScheduler feeds SD3 and Flux. */
  public static RectifiedFlow standard() {
    return new RectifiedFlow(1000);
  }

  public double timestepScale() {
    return timestepScale;
  }

  /** {@code x_t = (1 - t) x0 + t eps}, t per example. */
  public NDArray addNoise(NDArray x0, NDArray eps, float[] t) {
    double[] keep = new double[t.length];
    double[] noise = new double[t.length];
    for (int i = 0; i < t.length; i++) {
      keep[i] = 1 - t[i];
      noise[i] = t[i];
    }
    checkBatch(x0, t);
    return x0.mul(Ddim.coefficient(x0, keep)).add(eps.mul(Ddim.coefficient(x0, noise)));
  }

  /** The velocity target {@code eps - x0}. */
  public NDArray target(NDArray x0, NDArray eps) {
    return eps.sub(x0);
  }

  /** The timesteps the network sees, float32 {@code [B]}: {@code t * timestepScale}. */
  public NDArray timesteps(NDManager manager, float[] t) {
    float[] v = new float[t.length];
    for (int i = 0; i < t.length; i++) v[i] = (float) (t[i] * timestepScale);
    return NoiseSchedule.owned(manager, v, new Shape(t.length));
  }

  /**
   * Per-example velocity errors {@code mean (v_theta(x_t, t, c) - (eps - x0))^2} over every non-batch axis, of
   * the policy and (when asked) the reference, at the draw's times and noise: Flow-DPO's {@code e}.
   *
   * @param x0 clean samples [N, ...]
   * @param draw one time and noise per sample (for pairs: {@link FlowDraw#twice()} of a per-pair draw)
   */
  public DenoisingErrors errors(Denoiser policy, Reference<Denoiser> reference, boolean withReference, NDArray x0,
      Conditioning conditioning, FlowDraw draw, boolean training) {
    if (policy.prediction() != Prediction.FLOW) {
      throw new UserError("rectified flow needs a velocity network (prediction_type flow_prediction), but "
          + policy + " predicts " + policy.prediction().configName());
    }
    NDArray xt = addNoise(x0, draw.noise(), draw.times());
    NDArray target = target(x0, draw.noise());
    return DenoisingErrors.at(policy, reference, withReference, xt, timesteps(x0.getManager(), draw.times()), target,
        conditioning, training);
  }

  private static void checkBatch(NDArray x, float[] t) {
    Preconditions.checkArgument(t.length == x.getShape().get(0), "%s times for a batch of %s", t.length,
        x.getShape().get(0));
  }

  @Override
  public String toString() {
    return "rectified flow (t x " + timestepScale + ")";
  }
}
