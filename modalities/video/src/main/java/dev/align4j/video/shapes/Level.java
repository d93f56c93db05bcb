package dev.align4j.video.shapes;

/**
 * The levels of the frame hierarchy a clip is scored at (PhysHPO's instance, state, motion and semantic
 * levels, multimodal.md section 4.1).
 */
public enum Level {
  /** The right shapes, colours and sizes in every frame. */
  INSTANCE,
  /** The boundary frames show the captioned shapes, and they keep their identity (no colour flicker). */
  STATE,
  /** Each shape's path follows the captioned law plausibly: fitted well, moving enough, no teleports. */
  MOTION,
  /** The clip as a whole does what the caption says (direction, toward / away, down then up). */
  SEMANTIC
}
