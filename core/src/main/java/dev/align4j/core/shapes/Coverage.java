package dev.align4j.core.shapes;

/** Rasterises one shape into a per-pixel coverage map (0..1), by sampling each pixel on a k x k grid. */
final class Coverage {
  private Coverage() {}

  /**
   * Adds the coverage of a {@code kind} of radius {@code r} centred at (cx, cy) to {@code alpha}, marking
   * covered pixels as belonging to shape {@code id} in {@code owner} (may be null).
   */
  static void add(ShapeKind kind, double cx, double cy, double r, int w, int h, int k, double[] alpha, int[] owner,
      int id) {
    int x0 = Math.max(0, (int) Math.floor(cx - r) - 1);
    int x1 = Math.min(w - 1, (int) Math.ceil(cx + r) + 1);
    int y0 = Math.max(0, (int) Math.floor(cy - r) - 1);
    int y1 = Math.min(h - 1, (int) Math.ceil(cy + r) + 1);
    for (int y = y0; y <= y1; y++) {
      for (int x = x0; x <= x1; x++) {
        int hits = 0;
        for (int sy = 0; sy < k; sy++) {
          for (int sx = 0; sx < k; sx++) {
            double px = x + (sx + 0.5) / k;
            double py = y + (sy + 0.5) / k;
            if (kind.contains(px - cx, py - cy, r)) hits++;
          }
        }
        if (hits > 0) {
          alpha[y * w + x] = Math.min(1, alpha[y * w + x] + (double) hits / (k * k));
          if (owner != null) owner[y * w + x] = id;
        }
      }
    }
  }
}
