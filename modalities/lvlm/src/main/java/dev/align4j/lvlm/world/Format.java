package dev.align4j.lvlm.world;

import java.util.Locale;

/**
 * How a question's pictures are shown (MIA-DPO's three multi-image formats, plus the single image they start from).
 * Pictures are numbered in the question as MIA-DPO numbers them: {@code Image1}, {@code Image2}, ... for a sequence
 * and the cells of a grid; "the large picture" and "the small picture" for picture-in-picture.
 */
public enum Format {
  /** One picture, one {@code <image>}. */
  SINGLE,
  /** 2 to 5 pictures, each its own image: {@code "Image1:<image>\nImage2:<image>\n"} then the question. */
  SEQUENCE,
  /** 2, 3, 4, 6 or 9 pictures composed into one image, each cell labelled with its number. */
  GRID,
  /** A small picture inset into a corner of a large one: one image. */
  PIC_IN_PIC;

  /** The lower-case name used in files and reports ({@code single}, {@code sequence}, {@code grid}, ...). */
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Whether a question in this format shows more than one picture. */
  public boolean multiImage() {
    return this != SINGLE;
  }

  /** The format named by {@link #key()}. */
  public static Format of(String key) {
    for (Format f : values()) {
      if (f.key().equals(key)) return f;
    }
    throw new IllegalArgumentException("unknown format '" + key + "' (single, sequence, grid, pic_in_pic)");
  }
}
