package dev.align4j.core.shapes;

/** Where the first shape of a two-shape scene lies relative to the second. */
public enum Relation {
  LEFT_OF("to the left of"),
  RIGHT_OF("to the right of"),
  ABOVE("above"),
  BELOW("below");

  private final String words;

  Relation(String words) {
    this.words = words;
  }

  /** The caption words ("to the left of"). */
  public String words() {
    return words;
  }

  /** The same fact seen from the other shape: left of becomes right of, above becomes below. */
  public Relation inverse() {
    return switch (this) {
      case LEFT_OF -> RIGHT_OF;
      case RIGHT_OF -> LEFT_OF;
      case ABOVE -> BELOW;
      case BELOW -> ABOVE;
    };
  }

  /** The relation of a point displaced by (dx, dy) from another (y down): the dominant axis decides. */
  static Relation of(double dx, double dy) {
    if (Math.abs(dx) >= Math.abs(dy)) return dx < 0 ? LEFT_OF : RIGHT_OF;
    return dy < 0 ? ABOVE : BELOW;
  }
}
