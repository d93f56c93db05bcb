package dev.align4j.core.shapes;

import com.google.common.base.Preconditions;
import dev.align4j.core.media.Image;
import dev.align4j.core.media.MediaCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Draws scenes as RGB images with a plain rasteriser: a tinted grey background, per-pixel noise, shapes at
 * layout slots plus a small jitter, optional 4x4 supersampled anti-aliasing, optionally saved as JPEG; the
 * {@link RenderStyle} sets the ranges the look is drawn from. Only integer and IEEE basic arithmetic (and the
 * JDK's JPEG codec): the same scene, options, style and seed give the same bytes.
 */
public final class Renderer {
  private static final int SUPERSAMPLE = 4;
  private final RenderOptions options;
  private final RenderStyle style;

  /** A renderer of the {@link RenderStyle#STANDARD} look. */
  public Renderer(RenderOptions options) {
    this(options, RenderStyle.STANDARD);
  }

  public Renderer(RenderOptions options, RenderStyle style) {
    this.options = options;
    this.style = style;
  }

  /** The held-out style as measured: {@link RenderStyle#HELD_OUT} at 64 px, anti-aliased, noise 3, jitter 0.02. */
  public static Renderer heldOut() {
    return new Renderer(new RenderOptions(64, 64, true, 3, 0.02), RenderStyle.HELD_OUT);
  }

  public RenderStyle style() {
    return style;
  }

  public RenderOptions options() {
    return options;
  }

  /** Draws {@code scene}; every random choice comes from {@code seed}. */
  public ShapeImage render(Scene scene, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    // The style's draws come from their own stream, so the standard look keeps its bytes.
    SplittableRandom look = new SplittableRandom(Seeds.derive(seed, 0));
    int w = options.width();
    int h = options.height();
    double side = Math.min(w, h);
    int[] bg = background(rnd, look);
    double[] radii = {style.radius(ShapeSize.SMALL, look), style.radius(ShapeSize.LARGE, look)};
    double spacing = style.spacing().draw(look);
    double shiftX = signed(style.shift(), look);
    double shiftY = signed(style.shift(), look);
    int n = scene.shapes().size();
    List<double[]> centres = new ArrayList<>(n);
    if (n == 1) {
      centres.add(new double[] {w * (0.5 + shiftX) + jitter(rnd, 0.1 * side),
          h * (0.5 + shiftY) + jitter(rnd, 0.1 * side)});
    } else {
      double[] offset = slot(scene.relation().orElseThrow());
      double amplitude = options.jitter() * side;
      for (int i = 0; i < 2; i++) {
        double sign = i == 0 ? 1 : -1;
        centres.add(new double[] {w * (0.5 + shiftX + sign * offset[0] * spacing) + jitter(rnd, amplitude),
            h * (0.5 + shiftY + sign * offset[1] * spacing) + jitter(rnd, amplitude)});
      }
    }
    boolean aliased = style.aliasedRate() > 0 && look.nextDouble() < style.aliasedRate();
    boolean antialias = options.antialias() && !aliased;
    Image pixels = paint(scene.shapes(), centres, radii, antialias, bg, rnd);
    if (style.jpegRate() > 0 && look.nextDouble() < style.jpegRate()) {
      float quality = (float) (style.jpegQuality().draw(look) / 100);
      pixels = MediaCodec.decodeImage(MediaCodec.encodeJpeg(pixels, quality));
    }
    return new ShapeImage(scene, pixels, seed);
  }

  /**
   * Draws shapes centred at the given points (pixels, y down) instead of the layout slots, for pictures the
   * slots cannot show (the frames of a moving clip). The background comes from {@code seed} and the pixel
   * noise from {@code noiseSeed}: frames drawn with one seed share a background and differ only in noise.
   * Shapes later in the list are drawn over earlier ones. Of the style only the background applies: nominal
   * radii, no JPEG.
   */
  public Image renderAt(List<ShapeSpec> shapes, List<double[]> centres, long seed, long noiseSeed) {
    Preconditions.checkArgument(shapes.size() == centres.size(), "%s shapes but %s centres", shapes.size(),
        centres.size());
    SplittableRandom rnd = new SplittableRandom(seed);
    int[] bg = background(rnd, new SplittableRandom(Seeds.derive(seed, 0)));
    double[] radii = {ShapeSize.SMALL.radius(), ShapeSize.LARGE.radius()};
    return paint(shapes, centres, radii, options.antialias(), bg, new SplittableRandom(noiseSeed));
  }

  /** A tinted grey background colour: the band from {@code look}, the grey and tint from {@code rnd}. */
  private int[] background(SplittableRandom rnd, SplittableRandom look) {
    List<Range> greys = style.greys();
    Range band = greys.size() == 1 ? greys.get(0) : greys.get(look.nextInt(greys.size()));
    int grey = band.drawInt(rnd);
    int[] bg = new int[3];
    for (int c = 0; c < 3; c++) {
      bg[c] = Math.max(0, Math.min(255, grey + rnd.nextInt(-style.tint(), style.tint() + 1)));
    }
    return bg;
  }

  /** {@code radii}: the small and the large radius, fractions of the shorter side. */
  private Image paint(List<ShapeSpec> shapes, List<double[]> centres, double[] radii, boolean antialias, int[] bg,
      SplittableRandom rnd) {
    int w = options.width();
    int h = options.height();
    double side = Math.min(w, h);
    int n = shapes.size();
    double[] alpha = new double[w * h];
    int[] owner = new int[w * h];
    for (int i = 0; i < n; i++) {
      ShapeSpec s = shapes.get(i);
      double r = radii[s.size().ordinal()] * side;
      Coverage.add(s.kind(), centres.get(i)[0], centres.get(i)[1], r, w, h, antialias ? SUPERSAMPLE : 1,
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

  /** The direction from the second shape's slot to the first's (times the spacing: half the displacement). */
  private static double[] slot(Relation relation) {
    return switch (relation) {
      case LEFT_OF -> new double[] {-1, 0};
      case RIGHT_OF -> new double[] {1, 0};
      case ABOVE -> new double[] {0, -1};
      case BELOW -> new double[] {0, 1};
    };
  }

  /** A magnitude drawn from {@code range} with a random sign (0 draws nothing). */
  private static double signed(Range range, SplittableRandom look) {
    if (range.max() == 0) return 0;
    double v = range.draw(look);
    return look.nextBoolean() ? v : -v;
  }

  private static double jitter(SplittableRandom rnd, double amplitude) {
    return amplitude == 0 ? 0 : (rnd.nextDouble() * 2 - 1) * amplitude;
  }
}
