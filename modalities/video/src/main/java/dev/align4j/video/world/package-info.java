/**
 * The moving-shapes world's base text-to-video model: the world's clips as tensors, its caption vocabulary and
 * encoder, the (2+1)D UNet's pre-training on noise-free renders, the model directory ({@code model_index.json},
 * {@code unet/}, {@code caption_encoder/}, as the image world's), generation and the checker's held-out
 * evaluation.
 */
package dev.align4j.video.world;
