/**
 * The moving-shapes world, the video modality's embedded world (multimodal.md section 4.1): captions with
 * motion verbs over the image world's shapes, seeded scenes with analytic paths, clips drawn frame by frame
 * with the image world's renderer, and a checker that reads clips back with the image world's detector and
 * scores them per level of the frame hierarchy (instance, state, motion, semantic) plus temporal consistency
 * and dynamic degree. The perturbations that break one level each are here too, for pair builders and tests.
 */
package dev.align4j.video.shapes;
