/**
 * The shape-collage world, the LVLM modality's embedded world (multimodal.md section 4.3): questions with
 * ground-truth answers about one of several pictures of the core shapes world, in MIA-DPO's multi-image formats
 * (a sequence of 2-5 images, a labelled grid of 2-9 cells, picture-in-picture) and as single images; held-out
 * questions disjoint from training ones by scene; a checker that grades free-text answers (right attribute, right
 * picture, hallucinated objects) with rates per format; and pairs of the ground truth over the world's known
 * confusions.
 */
package dev.align4j.lvlm.world;
