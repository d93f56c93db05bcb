package dev.align4j.diffusion;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.google.common.base.Preconditions;
import dev.align4j.core.train.Reference;
import dev.align4j.core.util.UserError;

/**
 * Per-example denoising errors {@code e = mean (prediction - target)^2} over every axis but the batch axis, of
 * the policy (with gradients when training) and of the reference (detached), at given clean samples, timesteps
 * and noise. Samples may have any rank after the batch axis ({@code [N, C, H, W]}, {@code [N, C, F, H, W]},
 * {@code [N, C, T]}). The target is the noise for epsilon-prediction, the velocity for v-prediction, and
 * {@code eps - x0} for flow matching ({@link RectifiedFlow#errors}).
 *
 * <p>The reference runs <em>before</em> the policy: a reference that is the policy with its adapters off
 * may switch them by writing the adapter weights in place, which must not happen after the policy's
 * forward pass has saved those weights for the backward pass.
 *
 * @param policy policy errors [N]
 * @param reference reference errors [N], or null when not asked for
 * @param policyPrediction the policy's raw outputs, shaped like the samples
 * @param referencePrediction the reference's raw outputs (detached), or null
 * @param target the regression target, shaped like the samples
 */
public record DenoisingErrors(NDArray policy, NDArray reference, NDArray policyPrediction,
    NDArray referencePrediction, NDArray target) {

  /** {@link #compute(Denoiser, Reference, boolean, NoiseSchedule, NDArray, Conditioning, NoiseDraw, boolean)}
   * with caption embeddings [N, L, D] alone. */
  public static DenoisingErrors compute(Denoiser policy, Reference<Denoiser> reference, boolean withReference,
      NoiseSchedule schedule, NDArray x0, NDArray context, NoiseDraw draw, boolean training) {
    return compute(policy, reference, withReference, schedule, x0, Conditioning.captions(context), draw, training);
  }

  /**
   * The errors under a DDPM schedule: {@code x_t = sqrt(abar_t) x0 + sqrt(1 - abar_t) eps}.
   *
   * @param reference the reference model; consulted only when {@code withReference}
   * @param x0 clean samples [N, ...]
   * @param training whether gradients flow into the policy's trainable parameters
   */
  public static DenoisingErrors compute(Denoiser policy, Reference<Denoiser> reference, boolean withReference,
      NoiseSchedule schedule, NDArray x0, Conditioning conditioning, NoiseDraw draw, boolean training) {
    int[] t = draw.timesteps();
    for (int ti : t) {
      if (ti < 0 || ti >= schedule.steps()) {
        throw new UserError("timestep " + ti + " outside the schedule's 0.." + (schedule.steps() - 1));
      }
    }
    NDManager m = x0.getManager();
    NDArray eps = draw.noise();
    NDArray xt = schedule.addNoise(x0, eps, t);
    NDArray target = schedule.target(policy.prediction(), x0, eps, t);
    long[] tl = new long[t.length];
    for (int i = 0; i < t.length; i++) tl[i] = t[i];
    NDArray timesteps;
    try (NDArray blob = m.create(tl, new Shape(t.length))) {
      timesteps = blob.duplicate();
    }
    return at(policy, reference, withReference, xt, timesteps, target, conditioning, training);
  }

  /**
   * The errors at given noisy samples, the timesteps the network sees and the regression target: what every
   * forward process (DDPM, rectified flow) shares.
   *
   * @param xt noisy samples [N, ...], at least one axis after the batch axis
   * @param timesteps [N], int64 or float32
   * @param target [N, ...] like {@code xt}
   */
  public static DenoisingErrors at(Denoiser policy, Reference<Denoiser> reference, boolean withReference,
      NDArray xt, NDArray timesteps, NDArray target, Conditioning conditioning, boolean training) {
    Preconditions.checkArgument(xt.getShape().dimension() >= 2, "samples must be [N, ...], got %s", xt.getShape());
    NDArray refPrediction = null;
    NDArray refErrors = null;
    if (withReference) {
      if (reference == null) throw new IllegalArgumentException("the loss needs a reference model");
      if (reference.mode() == Reference.Mode.PRECOMPUTED) {
        throw new UserError("reference.mode precomputed is not available for diffusion: denoising errors depend "
            + "on the timestep and noise drawn at each step; use frozen_copy or adapters_disabled");
      }
      // No graph for the reference (it would be thrown away), and adapter switches may write weights.
      // duplicate(): a TorchScript reference returns inference tensors, which autograd must never save.
      refPrediction = NoGrad.get(() -> reference.apply(policy,
          model -> model.predict(xt, timesteps, conditioning, false)).stopGradient().duplicate());
      refErrors = meanSquare(refPrediction.sub(target)).duplicate();
      checkShape(refPrediction, xt, policy);
    }
    NDArray prediction = policy.predict(xt, timesteps, conditioning, training);
    checkShape(prediction, xt, policy);
    if (!training) prediction = prediction.stopGradient().duplicate();
    NDArray errors = meanSquare(prediction.sub(target));
    return new DenoisingErrors(errors, refErrors, prediction, refPrediction, target);
  }

  /** mean over every axis but the first (DJL's PyTorch mean takes one axis). */
  static NDArray meanSquare(NDArray diff) {
    return diff.square().reshape(diff.getShape().get(0), -1).mean(new int[] {1});
  }

  private static void checkShape(NDArray prediction, NDArray x, Denoiser policy) {
    if (!prediction.getShape().equals(x.getShape())) {
      throw new UserError("denoiser " + policy + " returned " + prediction.getShape() + " for samples "
          + x.getShape() + "; it must return a tensor shaped like its input");
    }
  }
}
