package dev.align4j.lvlm.world;

import java.util.Locale;

/** What a question asks: the colour, kind or size of the shape it names, where one shape lies, or how many. */
public enum Attribute {
  COLOR,
  KIND,
  SIZE,
  POSITION,
  COUNT;

  /** The lower-case name used in files and reports ({@code color}, {@code kind}, ...). */
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Whether answers name a shape's attribute (colour, kind, size), which an absent shape can be said to have. */
  public boolean describesShapes() {
    return this == COLOR || this == KIND || this == SIZE;
  }
}
