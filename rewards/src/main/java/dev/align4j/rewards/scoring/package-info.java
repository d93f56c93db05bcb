/**
 * Reward models made of ONNX graphs: two-tower (CLIP score, PickScore, HPSv2), fused (ImageReward),
 * image-only (aesthetic) and text-scalar scorers, with the prompt tokenisation each needs.
 */
package dev.align4j.rewards.scoring;
