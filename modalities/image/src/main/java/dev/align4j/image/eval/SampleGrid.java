package dev.align4j.image.eval;

import ai.djl.ndarray.NDManager;
import com.google.common.base.Preconditions;
import dev.align4j.diffusion.SamplerConfig;
import dev.align4j.core.media.Image;
import dev.align4j.image.diffusion.ImageGenerator;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * A PNG of generated images: one row per caption (the caption written to its left when the JVM can draw
 * text), one column per seed, each image scaled up by an integer factor with nearest-neighbour pixels so small
 * images stay legible. Written atomically.
 */
public final class SampleGrid {
  private static final int GAP = 2;
  private static final int LABEL_WIDTH = 330;

  private SampleGrid() {}

  /** Generates {@code captions x seeds} with {@code generator} and writes the grid to {@code png}. */
  public static void write(Path png, ImageGenerator generator, List<String> captions, long[] seeds,
      SamplerConfig sampler, int scale, NDManager manager) throws IOException {
    List<String> all = new ArrayList<>();
    long[] allSeeds = new long[captions.size() * seeds.length];
    for (int p = 0; p < captions.size(); p++) {
      for (int s = 0; s < seeds.length; s++) {
        all.add(captions.get(p));
        allSeeds[p * seeds.length + s] = seeds[s];
      }
    }
    List<Image> images = generator.generateRgb(all, allSeeds, sampler, 64, manager);
    List<List<Image>> rows = new ArrayList<>();
    for (int p = 0; p < captions.size(); p++) rows.add(images.subList(p * seeds.length, (p + 1) * seeds.length));
    write(png, captions, rows, scale);
  }

  /** Writes rows of images (all the same size), labelled by {@code labels} (one per row; null for none). */
  public static void write(Path png, List<String> labels, List<List<Image>> rows, int scale) throws IOException {
    BufferedImage grid = render(labels, rows, scale);
    Path target = png.toAbsolutePath();
    if (target.getParent() != null) Files.createDirectories(target.getParent());
    Path tmp = target.resolveSibling("." + target.getFileName() + ".tmp");
    if (!ImageIO.write(grid, "png", tmp.toFile())) throw new IOException("no PNG writer in this JVM");
    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /** The grid as an image. */
  public static BufferedImage render(List<String> labels, List<List<Image>> rows, int scale) {
    Preconditions.checkArgument(!rows.isEmpty() && !rows.get(0).isEmpty(), "an empty grid");
    Preconditions.checkArgument(scale >= 1, "scale >= 1");
    Preconditions.checkArgument(labels == null || labels.size() == rows.size(), "%s labels for %s rows",
        labels == null ? 0 : labels.size(), rows.size());
    int w = rows.get(0).get(0).width() * scale;
    int h = rows.get(0).get(0).height() * scale;
    int cols = rows.stream().mapToInt(List::size).max().orElseThrow();
    boolean text = labels != null && canDrawText();
    int left = text ? LABEL_WIDTH : 0;
    BufferedImage out = new BufferedImage(left + cols * (w + GAP) + GAP, rows.size() * (h + GAP) + GAP,
        BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < out.getHeight(); y++) for (int x = 0; x < out.getWidth(); x++) out.setRGB(x, y, 0xffffff);
    for (int r = 0; r < rows.size(); r++) {
      for (int c = 0; c < rows.get(r).size(); c++) {
        Image img = rows.get(r).get(c);
        Preconditions.checkArgument(img.width() * scale == w && img.height() * scale == h, "images of different sizes");
        int x0 = left + GAP + c * (w + GAP);
        int y0 = GAP + r * (h + GAP);
        for (int y = 0; y < h; y++) {
          for (int x = 0; x < w; x++) {
            int sx = x / scale;
            int sy = y / scale;
            out.setRGB(x0 + x, y0 + y, (img.at(sx, sy, 0) << 16) | (img.at(sx, sy, 1) << 8) | img.at(sx, sy, 2));
          }
        }
      }
    }
    if (text) {
      Graphics2D g = out.createGraphics();
      try {
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        for (int r = 0; r < rows.size(); r++) {
          g.drawString(fit(g, labels.get(r), LABEL_WIDTH - 8), 4, GAP + r * (h + GAP) + h / 2 + 5);
        }
      } finally {
        g.dispose();
      }
    }
    return out;
  }

  private static String fit(Graphics2D g, String s, int width) {
    if (g.getFontMetrics().stringWidth(s) <= width) return s;
    while (s.length() > 1 && g.getFontMetrics().stringWidth(s + "...") > width) s = s.substring(0, s.length() - 1);
    return s + "...";
  }

  /** Whether text rendering works here (headless JVMs without fonts cannot): labels are left out otherwise. */
  static boolean canDrawText() {
    try {
      BufferedImage probe = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
      Graphics2D g = probe.createGraphics();
      try {
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.drawString("a", 0, 6);
        g.getFontMetrics().stringWidth("a");
      } finally {
        g.dispose();
      }
      return true;
    } catch (Throwable e) {  // no fonts (fontconfig missing) surfaces as an Error, not an Exception
      return false;
    }
  }
}
