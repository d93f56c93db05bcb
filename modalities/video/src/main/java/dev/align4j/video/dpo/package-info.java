/**
 * Preference terms of text-to-video diffusion: VideoDPO (Diffusion-DPO on clips, one timestep and noise per pair,
 * errors averaged over every non-batch axis) and frame-hierarchy levels in PhysHPO's spirit (the same errors
 * restricted to each level's frames).
 */
package dev.align4j.video.dpo;
