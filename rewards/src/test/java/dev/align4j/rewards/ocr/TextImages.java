package dev.align4j.rewards.ocr;

import dev.align4j.core.media.Image;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;

/** Text drawn with Java2D (antialiased) on plain backgrounds: real inputs for the OCR tests. */
final class TextImages {
  private TextImages() {}

  /** {@code text} centred on a {@code width x height} image. */
  static Image centred(String text, Font font, int width, int height, Color background, Color ink) {
    return lines(new String[] {text}, font, width, height, background, ink);
  }

  /** A tight line crop: black {@code text} on white, 48 pixels high, 8 pixels of margin left and right. */
  static Image line(String text, Font font) {
    BufferedImage probe = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = probe.createGraphics();
    int width = g.getFontMetrics(font).stringWidth(text) + 16;
    g.dispose();
    return centred(text, font, width, 48, Color.WHITE, Color.BLACK);
  }

  /** Black {@code text} in a plain 44-point sans-serif font, centred on a white 512 x 512 image. */
  static Image sign(String text) {
    return centred(text, new Font(Font.SANS_SERIF, Font.PLAIN, 44), 512, 512, Color.WHITE, Color.BLACK);
  }

  /** Several lines, one under the other, centred. */
  static Image lines(String[] lines, Font font, int width, int height, Color background, Color ink) {
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    try {
      g.setColor(background);
      g.fillRect(0, 0, width, height);
      g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setFont(font);
      g.setColor(ink);
      FontMetrics fm = g.getFontMetrics();
      int lineHeight = fm.getHeight() * 3 / 2;
      int top = (height - lineHeight * lines.length) / 2;
      for (int i = 0; i < lines.length; i++) {
        int x = (width - fm.stringWidth(lines[i])) / 2;
        int y = top + i * lineHeight + (lineHeight + fm.getAscent() - fm.getDescent()) / 2;
        g.drawString(lines[i], x, y);
      }
    } finally {
      g.dispose();
    }
    return of(img);
  }

  /** {@code text} centred and turned {@code degrees} clockwise about the image centre. */
  static Image turned(String text, Font font, int width, int height, double degrees) {
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    try {
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, width, height);
      g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.rotate(Math.toRadians(degrees), width / 2.0, height / 2.0);
      g.setFont(font);
      g.setColor(Color.BLACK);
      FontMetrics fm = g.getFontMetrics();
      g.drawString(text, (width - fm.stringWidth(text)) / 2, (height + fm.getAscent() - fm.getDescent()) / 2);
    } finally {
      g.dispose();
    }
    return of(img);
  }

  /** A blank image of one colour. */
  static Image blank(int width, int height, Color colour) {
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setColor(colour);
    g.fillRect(0, 0, width, height);
    g.dispose();
    return of(img);
  }

  static Image of(BufferedImage img) {
    int w = img.getWidth();
    int h = img.getHeight();
    byte[] rgb = new byte[w * h * 3];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int p = img.getRGB(x, y);
        int o = (y * w + x) * 3;
        rgb[o] = (byte) (p >> 16);
        rgb[o + 1] = (byte) (p >> 8);
        rgb[o + 2] = (byte) p;
      }
    }
    return new Image(w, h, rgb);
  }
}
