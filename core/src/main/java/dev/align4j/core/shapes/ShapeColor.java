package dev.align4j.core.shapes;

/** The palette: saturated colours far from each other and from the (dark, greyish) backgrounds. */
public enum ShapeColor {
  RED("red", 220, 30, 30),
  GREEN("green", 30, 170, 40),
  BLUE("blue", 40, 80, 235),
  YELLOW("yellow", 240, 220, 30),
  PURPLE("purple", 150, 40, 190),
  ORANGE("orange", 250, 140, 20),
  WHITE("white", 245, 245, 245);

  private final String word;
  private final int r;
  private final int g;
  private final int b;

  ShapeColor(String word, int r, int g, int b) {
    this.word = word;
    this.r = r;
    this.g = g;
    this.b = b;
  }

  /** The caption word. */
  public String word() {
    return word;
  }

  /** Channel value 0..255 (0 red, 1 green, 2 blue). */
  public int channel(int c) {
    return c == 0 ? r : c == 1 ? g : b;
  }
}
