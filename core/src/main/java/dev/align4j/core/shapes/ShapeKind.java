package dev.align4j.core.shapes;

/**
 * The kinds of shape the world knows, each with its geometry around a centre and a "radius" r (half the
 * extent). The geometry is shared by the renderer and the pixel checker's templates.
 */
public enum ShapeKind {
  CIRCLE("circle"),
  SQUARE("square"),
  TRIANGLE("triangle"),
  CROSS("cross");

  private final String word;

  ShapeKind(String word) {
    this.word = word;
  }

  /** The caption word. */
  public String word() {
    return word;
  }

  /** Whether the point (dx, dy) from the shape's centre lies inside a shape of radius r (y points down). */
  boolean contains(double dx, double dy, double r) {
    double ax = Math.abs(dx);
    double ay = Math.abs(dy);
    return switch (this) {
      case CIRCLE -> dx * dx + dy * dy <= r * r;
      case SQUARE -> ax <= 0.9 * r && ay <= 0.9 * r;
      // Apex at (0, -r), base from (-r, r) to (r, r).
      case TRIANGLE -> dy >= -r && dy <= r && ax <= (dy + r) / 2;
      case CROSS -> (ax <= r && ay <= r / 3) || (ax <= r / 3 && ay <= r);
    };
  }

  /** Area of a shape of radius r. */
  double area(double r) {
    double factor = switch (this) {
      case CIRCLE -> Math.PI;
      case SQUARE -> 3.24;
      case TRIANGLE -> 2.0;
      case CROSS -> 20.0 / 9.0;
    };
    return factor * r * r;
  }

  /** Vertical offset of the area centroid from the geometric centre, for radius r. */
  double centroidDy(double r) {
    return this == TRIANGLE ? r / 3 : 0;
  }
}
