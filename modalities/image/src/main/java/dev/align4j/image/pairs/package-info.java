/**
 * On-policy image pairs: candidates sampled from a denoiser, ranked by a reward model and written as a
 * paired JSON-lines dataset with PNG images and their provenance.
 */
package dev.align4j.image.pairs;
