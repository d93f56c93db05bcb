package dev.align4j.core.shapes;

import com.google.common.base.Preconditions;
import dev.align4j.core.media.Image;
import java.util.ArrayList;
import java.util.List;
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
    int[] bg = background(rnd);
    int n = scene.shapes().size();
    List<double[]> centres = new ArrayList<>(n);
    if (n == 1) {
      centres.add(new double[] {w / 2.0 + jitter(rnd, 0.1 * side), h / 2.0 + jitter(rnd, 0.1 * side)});
    } else {
      double[] offset = slot(scene.relation().orElseThrow());
      for (int i = 0; i < 2; i++) {
        double sign = i == 0 ? 1 : -1;
        centres.add(new double[] {w * (0.5 + sign * offset[0]) + jitter(rnd, options.jitter() * side),
            h * (0.5 + sign * offset[1]) + jitter(rnd, options.jitter() * side)});
      }
    }
    return new ShapeImage(scene, paint(scene.shapes(), centres, bg, rnd), seed);
  }

  /**
   * Draws shapes centred at the given points (pixels, y down) instead of the layout slots, for pictures the
   * slots cannot show (the frames of a moving clip). The background comes from {@code seed} and the pixel
   * noise from {@code noiseSeed}: frames drawn with one seed share a background and differ only in noise.
   * Shapes later in the list are drawn over earlier ones.
   */
  public Image renderAt(List<ShapeSpec> shapes, List<double[]> centres, long seed, long noiseSeed) {
    Preconditions.checkArgument(shapes.size() == centres.size(), "%s shapes but %s centres", shapes.size(),
        centres.size());
    return paint(shapes, centres, background(new SplittableRandom(seed)), new SplittableRandom(noiseSeed));
  }

  /** A dark, slightly tinted background colour. */
  private static int[] background(SplittableRandom rnd) {
    int grey = 30 + rnd.nextInt(60);
    int[] bg = new int[3];
    for (int c = 0; c < 3; c++) bg[c] = grey + rnd.nextInt(-15, 16);
    return bg;
  }

  private Image paint(List<ShapeSpec> shapes, List<double[]> centres, int[] bg, SplittableRandom rnd) {
    int w = options.width();
    int h = options.height();
    double side = Math.min(w, h);
    int n = shapes.size();
    double[] alpha = new double[w * h];
    int[] owner = new int[w * h];
    for (int i = 0; i < n; i++) {
      ShapeSpec s = shapes.get(i);
      double r = s.size().radius() * side;
      Coverage.add(s.kind(), centres.get(i)[0], centres.get(i)[1], r, w, h, options.antialias() ? SUPERSAMPLE : 1,
          alpha, owner, i);
    }
    byte[] rgb = new byte[w * h * 3];
    for (int p = 0; p < w * h; p++) {
      ShapeColor color = alpha[p] > 0 ? shapes.get(owner[p]).color() : null;
      for (int c = 0; c < 3; c++) {
        double v = bg[c];
        if (color != null) v = (1 - alpha[p]) * v + alpha[p] * color.channel(c);
        int noisy = (int) Math.round(v)
            + (options.noise() == 0 ? 0 : rnd.nextInt(-options.noise(), options.noise() + 1));
        rgb[p * 3 + c] = (byte) Math.max(0, Math.min(255, noisy));
      }
    }
    return new Image(w, h, rgb);
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
