package dev.align4j.audio.shapes;

/** What happens in a clip that makes a sound. */
public enum EventType {
  /** The shape is first seen: every shape, at the first frame. */
  APPEARS,
  /** A bouncing shape reaches the floor (its velocity flips). */
  BOUNCES,
  /** A moving shape comes to touch an edge of the frame. */
  HITS_EDGE
}
