package dev.align4j.diffusion;

import ai.djl.ndarray.NDArray;
import dev.align4j.core.train.PolicyModel;

/**
 * A text-conditioned denoising network: the Java UNet of the shapes world or a TorchScript UNet with the
 * Stable Diffusion call signature {@code (sample, timestep, encoder_hidden_states)}.
 */
public interface Denoiser extends PolicyModel {
  /**
   * The network's prediction (noise for epsilon-prediction, velocity for v-prediction).
   *
   * @param sample noisy samples (pixels or latents) [B, C, H, W]
   * @param timesteps integer timesteps [B] (int64)
   * @param context caption embeddings [B, L, D] from a {@link CaptionEncoder}
   * @param training true when gradients must flow into the trainable parameters
   */
  NDArray predict(NDArray sample, NDArray timesteps, NDArray context, boolean training);

  /** Channels, height and width of the samples this network denoises. */
  int[] sampleShape();

  /** What the network predicts. */
  Prediction prediction();

  /** A frozen deep copy (the reference model). */
  @Override
  Denoiser frozenCopy();
}
