/**
 * Training image reward models on the shared engine: a small CLIP-style two-tower model, CLIP's
 * contrastive and PickScore's preference objectives, and export to an ONNX registry model directory.
 */
package dev.align4j.rewards.train;
