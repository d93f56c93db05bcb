/**
 * Building video preference pairs: on-policy pairs scored by the moving-shapes checker (k clips per prompt, best
 * against worst) and VideoDPO's pair re-weighting by rarity ({@code dupfactor}). The world's other pair builders
 * (perturbed, conditional, structural) will join them.
 */
package dev.align4j.video.pairs;
