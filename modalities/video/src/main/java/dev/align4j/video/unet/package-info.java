/**
 * The moving-shapes world's tiny (2+1)D UNet: the image world's 2-D blocks applied to every frame, a temporal
 * block per resolution that mixes each pixel's features across frames, cross-attention to the caption, and its
 * {@link dev.align4j.diffusion.Denoiser} over clips {@code [B, C, F, H, W]}
 * ({@link dev.align4j.video.unet.VideoUNetDenoiser}).
 */
package dev.align4j.video.unet;
