/**
 * Text-to-image generation on the shared diffusion machinery of {@code dev.align4j.diffusion}:
 * {@link dev.align4j.image.diffusion.ImageGenerator} (captions and per-image seeds in, images out) and
 * {@link dev.align4j.image.diffusion.Pixels} (8-bit RGB to and from [-1, 1] tensors).
 */
package dev.align4j.image.diffusion;
