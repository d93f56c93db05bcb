/**
 * Building video preference pairs: VideoDPO's pair re-weighting by rarity ({@code dupfactor}). The pair
 * builders of the moving-shapes world (sampled, perturbed, conditional, structural) will join it.
 */
package dev.align4j.video.pairs;
