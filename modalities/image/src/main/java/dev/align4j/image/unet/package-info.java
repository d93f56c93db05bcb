/**
 * Networks written in Java on DJL blocks: a small conditional {@link dev.align4j.image.unet.UNet} (GroupNorm,
 * SiLU, timestep and pooled-caption embedding, residual blocks, cross-attention at the lowest resolution, LoRA
 * on the attention projections) wrapped as a policy by {@link dev.align4j.image.unet.UNetDenoiser}, and the
 * {@link dev.align4j.image.unet.WordCaptionEncoder} for closed-vocabulary captions. Both save as a directory
 * with {@code config.json} and {@code model.params} ({@link dev.align4j.image.unet.ModelFiles}).
 */
package dev.align4j.image.unet;
