package dev.align4j.diffusion;

import ai.djl.ndarray.NDArray;

/**
 * Maps images to the space the denoiser works in: the identity for pixel-space models, a VAE encoder
 * (times its scaling factor) for latent diffusion. Frozen.
 */
public interface LatentCodec extends AutoCloseable {
  /** Images [B, 3, H, W] scaled to [-1, 1] -> samples [B, C, h, w]. */
  NDArray encode(NDArray images);

  /** Samples -> images [B, 3, H, W] in [-1, 1]; codecs without a decoder throw UnsupportedOperationException. */
  NDArray decode(NDArray samples);

  @Override
  default void close() {}
}
