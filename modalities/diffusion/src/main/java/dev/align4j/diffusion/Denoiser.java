package dev.align4j.diffusion;

import ai.djl.ndarray.NDArray;
import dev.align4j.core.train.PolicyModel;

/**
 * A conditioned denoising network over samples of any rank after the batch axis: images {@code [B, C, H, W]},
 * videos {@code [B, C, F, H, W]}, audio latents or mels {@code [B, C, T]}. The Java UNet of the shapes world
 * or a TorchScript UNet with the Stable Diffusion call signature {@code (sample, timestep,
 * encoder_hidden_states)}.
 */
public interface Denoiser extends PolicyModel {
  /**
   * The network's prediction (noise for epsilon-prediction, velocity for v-prediction or flow matching).
   *
   * @param sample noisy samples (pixels or latents) [B, ...sampleShape()]
   * @param timesteps per example [B]: integer DDPM timesteps (int64) or float timesteps (float32, flow
   *     matching's {@code t * scale})
   * @param conditioning caption embeddings, frame features or both
   * @param training true when gradients must flow into the trainable parameters
   * @return a tensor shaped like {@code sample}
   */
  NDArray predict(NDArray sample, NDArray timesteps, Conditioning conditioning, boolean training);

  /** {@link #predict(NDArray, NDArray, Conditioning, boolean)} with caption embeddings [B, L, D] alone. */
  default NDArray predict(NDArray sample, NDArray timesteps, NDArray context, boolean training) {
    return predict(sample, timesteps, Conditioning.captions(context), training);
  }

  /** The dimensions of one sample after the batch axis: channels, then (frames,) height and width, or time. */
  int[] sampleShape();

  /** What the network predicts. */
  Prediction prediction();

  /** A frozen deep copy (the reference model). */
  @Override
  Denoiser frozenCopy();
}
