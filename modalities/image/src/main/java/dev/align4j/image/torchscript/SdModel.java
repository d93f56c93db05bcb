package dev.align4j.image.torchscript;

import dev.align4j.diffusion.NoiseSchedule;

/**
 * A loaded Stable-Diffusion-shaped model: the trainable UNet (the policy), the frozen text encoder and VAE,
 * and the training noise schedule. Closing it closes every module.
 */
public record SdModel(SdModelFiles files, TorchScriptUnet unet, ClipTextEncoder textEncoder, TorchScriptVae vae,
    NoiseSchedule schedule) implements AutoCloseable {
  @Override
  public void close() {
    unet.close();
    textEncoder.close();
    vae.close();
  }
}
