/**
 * The embedded shapes world: captions of one- or two-shape scenes, a deterministic renderer, a checker that
 * reads scenes back from pixels to score image-caption agreement, and seeded datasets (paired, labelled and
 * Pick-a-Pic-shaped) built on them.
 */
package dev.align4j.core.shapes;
