/**
 * Stable-Diffusion-shaped models exported from PyTorch: a trainable TorchScript UNet (LoRA adapters
 * included), the frozen CLIP text encoder and VAE, and the {@code model.json} that ties them together.
 */
package dev.align4j.image.torchscript;
