package dev.align4j.core.shapes;

/** Sizes, as a shape's radius in units of the image's shorter side. */
public enum ShapeSize {
  SMALL("small", 0.10),
  LARGE("large", 0.17);

  /** Radius (fraction of the shorter side) that separates small from large when measuring pixels. */
  static final double THRESHOLD = 0.135;

  private final String word;
  private final double radius;

  ShapeSize(String word, double radius) {
    this.word = word;
    this.radius = radius;
  }

  /** The caption word. */
  public String word() {
    return word;
  }

  /** Radius as a fraction of the image's shorter side. */
  public double radius() {
    return radius;
  }
}
