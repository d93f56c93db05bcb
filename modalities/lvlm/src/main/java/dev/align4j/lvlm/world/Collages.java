package dev.align4j.lvlm.world;

import com.google.common.base.Preconditions;
import dev.align4j.core.media.Image;
import java.util.List;

/**
 * Composes pictures into one image, as MIA-DPO does: a labelled grid (white background, each cell's number drawn
 * above it in black) and a picture inset into a corner of another (framed in white). Only integer arithmetic: the
 * same pictures give the same bytes.
 */
public final class Collages {
  /** The cell counts a grid can have, as MIA-DPO's grids (2 or 3 in a row, 2x2, 2 rows of 3, 3x3). */
  public static final List<Integer> GRID_CELLS = List.of(2, 3, 4, 6, 9);
  private static final int WHITE = 255;
  /** Digits 1..9, 3 pixels wide and 5 high, row by row ('#' is ink). */
  private static final String[][] DIGITS = {
    {".#.", "##.", ".#.", ".#.", "###"},
    {"###", "..#", "###", "#..", "###"},
    {"###", "..#", "###", "..#", "###"},
    {"#.#", "#.#", "###", "..#", "..#"},
    {"###", "#..", "###", "..#", "###"},
    {"###", "#..", "###", "#.#", "###"},
    {"###", "..#", "..#", "..#", "..#"},
    {"###", "#.#", "###", "#.#", "###"},
    {"###", "#.#", "###", "..#", "###"},
  };

  private Collages() {}

  /** Columns and rows of a grid of {@code cells} cells. */
  public static int[] layout(int cells) {
    return switch (cells) {
      case 2 -> new int[] {2, 1};
      case 3 -> new int[] {3, 1};
      case 4 -> new int[] {2, 2};
      case 6 -> new int[] {3, 2};
      case 9 -> new int[] {3, 3};
      default -> throw new IllegalArgumentException("a grid has 2, 3, 4, 6 or 9 cells, not " + cells);
    };
  }

  /** The height of the label strip above each cell of side {@code side} (also the gap between columns). */
  public static int labelStrip(int side) {
    return 5 * scale(side) + 2;
  }

  /**
   * The grid of {@code cells} (square pictures of one size), filled row by row: cell k (from 1) at column
   * {@code (k-1) % cols} and row {@code (k-1) / cols}, its number drawn in the strip above it.
   */
  public static Image grid(List<Image> cells) {
    int[] cr = layout(cells.size());
    int side = cells.get(0).width();
    for (Image c : cells) {
      Preconditions.checkArgument(c.width() == side && c.height() == side, "grid cells must be %sx%s, not %sx%s", side,
          side, c.width(), c.height());
    }
    int strip = labelStrip(side);
    int width = cr[0] * side + (cr[0] - 1) * strip;
    int height = cr[1] * (side + strip);
    byte[] rgb = new byte[width * height * 3];
    java.util.Arrays.fill(rgb, (byte) WHITE);
    for (int k = 0; k < cells.size(); k++) {
      int x = (k % cr[0]) * (side + strip);
      int y = (k / cr[0]) * (side + strip) + strip;
      paste(cells.get(k), rgb, width, x, y);
      digit(k + 1, rgb, width, x + 1, y - strip + 1, scale(side));
    }
    return new Image(width, height, rgb);
  }

  /** Where a cell's picture starts in {@link #grid}'s image: {x, y} of cell {@code k} (from 0) of {@code cells}. */
  public static int[] cellOrigin(int cells, int k, int side) {
    int cols = layout(cells)[0];
    int strip = labelStrip(side);
    return new int[] {(k % cols) * (side + strip), (k / cols) * (side + strip) + strip};
  }

  /**
   * {@code inset} pasted into {@code corner} of {@code large} inside a one-pixel white frame, one pixel from the
   * edges. Corners: 0 top left, 1 top right, 2 bottom left, 3 bottom right.
   */
  public static Image pictureInPicture(Image large, Image inset, int corner) {
    Preconditions.checkArgument(inset.width() + 3 <= large.width() && inset.height() + 3 <= large.height(),
        "the inset must be smaller than the picture");
    int w = large.width();
    int[] frame = insetFrame(w, large.height(), inset.width(), inset.height(), corner);
    byte[] rgb = large.rgb().clone();
    for (int y = frame[1]; y < frame[3]; y++) {
      for (int x = frame[0]; x < frame[2]; x++) {
        for (int c = 0; c < 3; c++) rgb[(y * w + x) * 3 + c] = (byte) WHITE;
      }
    }
    paste(inset, rgb, w, frame[0] + 1, frame[1] + 1);
    return new Image(w, large.height(), rgb);
  }

  /** The inset's frame in a {@code w x h} picture: {x0, y0, x1, y1}, end exclusive. */
  static int[] insetFrame(int w, int h, int insetW, int insetH, int corner) {
    int x0 = corner % 2 == 0 ? 1 : w - 1 - (insetW + 2);
    int y0 = corner < 2 ? 1 : h - 1 - (insetH + 2);
    return new int[] {x0, y0, x0 + insetW + 2, y0 + insetH + 2};
  }

  private static void paste(Image image, byte[] rgb, int width, int x0, int y0) {
    int rowBytes = image.width() * 3;
    for (int y = 0; y < image.height(); y++) {
      System.arraycopy(image.rgb(), y * rowBytes, rgb, ((y0 + y) * width + x0) * 3, rowBytes);
    }
  }

  private static void digit(int d, byte[] rgb, int width, int x0, int y0, int scale) {
    String[] rows = DIGITS[d - 1];
    for (int gy = 0; gy < 5 * scale; gy++) {
      for (int gx = 0; gx < 3 * scale; gx++) {
        if (rows[gy / scale].charAt(gx / scale) != '#') continue;
        int p = ((y0 + gy) * width + x0 + gx) * 3;
        rgb[p] = 0;
        rgb[p + 1] = 0;
        rgb[p + 2] = 0;
      }
    }
  }

  private static int scale(int side) {
    return Math.max(1, side / 32);
  }
}
