/**
 * The shapes world for text-to-image tuning: its briefly pre-trained base model
 * ({@link dev.align4j.image.shapes.ShapesImageWorld}, shipped in {@code models/shapes-unet}), the pre-training
 * recipe, held-out prompts and sampler defaults.
 */
package dev.align4j.image.shapes;
