package dev.align4j.video.shapes;

/**
 * What the captioned shape does over a clip: moves in a direction, stays still, falls under gravity, bounces
 * off the floor, or moves toward or away from a second shape (which stays still).
 */
public enum Motion {
  MOVES_LEFT("moves left", -1, 0),
  MOVES_RIGHT("moves right", 1, 0),
  MOVES_UP("moves up", 0, -1),
  MOVES_DOWN("moves down", 0, 1),
  STAYS_STILL("stays still", 0, 0),
  FALLS("falls", 0, 1),
  BOUNCES("bounces", 0, 0),
  MOVES_TOWARD("moves toward", 0, 0),
  MOVES_AWAY_FROM("moves away from", 0, 0);

  private final String words;
  private final int dx;
  private final int dy;

  Motion(String words, int dx, int dy) {
    this.words = words;
    this.dx = dx;
    this.dy = dy;
  }

  /** The caption words ("moves left"); a relative motion's words are followed by the second shape. */
  public String words() {
    return words;
  }

  /** Whether the motion is relative to a second shape ("moves toward a large blue square"). */
  public boolean relative() {
    return this == MOVES_TOWARD || this == MOVES_AWAY_FROM;
  }

  /** Whether the verb says the shape travels in a fixed direction ({@link #direction()} is then non-zero). */
  public boolean directed() {
    return dx != 0 || dy != 0;
  }

  /** The unit direction of travel (y down) of a directed motion; (0, 0) otherwise. */
  public double[] direction() {
    return new double[] {dx, dy};
  }
}
