package dev.align4j.diffusion;

import ai.djl.ndarray.NDArray;

/**
 * Maps media to the space the denoiser works in: the identity for pixel-space models, a VAE encoder (times its
 * scaling factor) for latent diffusion. Frozen.
 */
public interface LatentCodec extends AutoCloseable {
  /** Media scaled to [-1, 1] (images [B, 3, H, W], videos [B, 3, F, H, W], ...) -> samples [B, C, ...]. */
  NDArray encode(NDArray media);

  /** Samples -> media in [-1, 1]; codecs without a decoder throw UnsupportedOperationException. */
  NDArray decode(NDArray samples);

  @Override
  default void close() {}
}
