/**
 * Building video preference pairs (multimodal.md section 4.1, "Pair builders"): on-policy pairs scored by the
 * moving-shapes checker (k clips per prompt, best against worst), real-vs-generated pairs (the caption's render
 * against the worst sample), perturbed pairs (the render against an edit that breaks one level), and VideoDPO's
 * pair re-weighting by rarity ({@code dupfactor}). The conditional and structural builders are not written yet.
 */
package dev.align4j.video.pairs;
