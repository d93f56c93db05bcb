package dev.align4j.diffusion;

import ai.djl.ndarray.NDArray;

/** Pixel-space diffusion: samples are the media themselves, in [-1, 1]. */
public final class IdentityCodec implements LatentCodec {
  @Override
  public NDArray encode(NDArray media) {
    return media;
  }

  @Override
  public NDArray decode(NDArray samples) {
    return samples;
  }

  @Override
  public String toString() {
    return "identity (pixel space)";
  }
}
