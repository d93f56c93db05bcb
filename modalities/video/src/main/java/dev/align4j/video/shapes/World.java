package dev.align4j.video.shapes;

import dev.align4j.core.shapes.ShapeSize;

/**
 * The moving-shapes world's laws, shared by the sampler (which obeys them) and the checker (which tests
 * generated clips against them with slack). Lengths are in units of the frame's shorter side; one clip lasts
 * one unit of time. Public so that worlds built on this one (the audio module's sounding shapes) read the same
 * room a shape has, rather than a copy of it.
 */
public final class World {
  /** The least distance a moving, falling or bouncing shape covers in one clip. */
  static final double MIN_TRAVEL = 0.25;
  /** The least change of distance between the shapes of "moves toward" / "moves away from". */
  static final double MIN_RELATIVE_TRAVEL = 0.2;
  /** A bounce first reaches the floor in this range of clip time, so its fall and its rebound both show. */
  static final double BOUNCE_FROM = 0.4;
  static final double BOUNCE_TO = 0.6;
  /** Room kept between a shape's radius and the frame's edge, in pixels. */
  static final double EDGE_PIXELS = 1;
  /** Room kept between two shapes (beyond 1.3 radii each, which covers a square's corner), in pixels. */
  static final double GAP_PIXELS = 1.5;

  private World() {}

  /** The lowest centre coordinate a shape of {@code size} may take on a frame of shorter side {@code side} px. */
  public static double low(ShapeSize size, int side) {
    return size.radius() + EDGE_PIXELS / side;
  }

  /** The highest centre coordinate along an axis of extent {@code span} (trajectory units). */
  public static double high(ShapeSize size, int side, double span) {
    return span - low(size, side);
  }

  /** The least centre distance at which two shapes cannot touch. */
  static double apart(ShapeSize a, ShapeSize b, int side) {
    return 1.3 * (a.radius() + b.radius()) + GAP_PIXELS / side;
  }
}
