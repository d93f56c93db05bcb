package dev.align4j.core.shapes;

import dev.align4j.core.media.Image;
import java.util.SplittableRandom;

/**
 * Draws scenes as RGB images with a plain rasteriser: a dark, slightly tinted background, per-pixel noise,
 * shapes at fixed layout slots plus a small jitter, optional 4x4 supersampled anti-aliasing. Only integer
 * and IEEE basic arithmetic: the same scene, options and seed give the same bytes.
 */
public final class Renderer {
  private static final int SUPERSAMPLE = 4;
  private final RenderOptions options;

  public Renderer(RenderOptions options) {
    this.options = options;
  }

  public RenderOptions options() {
    return options;
  }

  /** Draws {@code scene}; every random choice comes from {@code seed}. */
  public ShapeImage render(Scene scene, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    int w = options.width();
    int h = options.height();
    double side = Math.min(w, h);
    int grey = 30 + rnd.nextInt(60);
    int[] bg = new int[3];
    for (int c = 0; c < 3; c++) bg[c] = grey + rnd.nextInt(-15, 16);
    int n = scene.shapes().size();
    double[][] centres = new double[n][];
    if (n == 1) {
      centres[0] = new double[] {w / 2.0 + jitter(rnd, 0.1 * side), h / 2.0 + jitter(rnd, 0.1 * side)};
    } else {
      double[] offset = slot(scene.relation().orElseThrow());
      for (int i = 0; i < 2; i++) {
        double sign = i == 0 ? 1 : -1;
        centres[i] = new double[] {w * (0.5 + sign * offset[0]) + jitter(rnd, options.jitter() * side),
            h * (0.5 + sign * offset[1]) + jitter(rnd, options.jitter() * side)};
      }
    }
    double[] alpha = new double[w * h];
    int[] owner = new int[w * h];
    for (int i = 0; i < n; i++) {
      ShapeSpec s = scene.shapes().get(i);
      double r = s.size().radius() * side;
      Coverage.add(s.kind(), centres[i][0], centres[i][1], r, w, h, options.antialias() ? SUPERSAMPLE : 1, alpha,
          owner, i);
    }
    byte[] rgb = new byte[w * h * 3];
    for (int p = 0; p < w * h; p++) {
      ShapeColor color = alpha[p] > 0 ? scene.shapes().get(owner[p]).color() : null;
      for (int c = 0; c < 3; c++) {
        double v = bg[c];
        if (color != null) v = (1 - alpha[p]) * v + alpha[p] * color.channel(c);
        int noisy = (int) Math.round(v)
            + (options.noise() == 0 ? 0 : rnd.nextInt(-options.noise(), options.noise() + 1));
        rgb[p * 3 + c] = (byte) Math.max(0, Math.min(255, noisy));
      }
    }
    return new ShapeImage(scene, new Image(w, h, rgb), seed);
  }

  /** Half the displacement (fractions of width, height) from the second shape's slot to the first's. */
  private static double[] slot(Relation relation) {
    return switch (relation) {
      case LEFT_OF -> new double[] {-0.25, 0};
      case RIGHT_OF -> new double[] {0.25, 0};
      case ABOVE -> new double[] {0, -0.25};
      case BELOW -> new double[] {0, 0.25};
    };
  }

  private static double jitter(SplittableRandom rnd, double amplitude) {
    return amplitude == 0 ? 0 : (rnd.nextDouble() * 2 - 1) * amplitude;
  }
}
