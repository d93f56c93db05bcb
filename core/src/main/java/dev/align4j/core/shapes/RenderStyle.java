package dev.align4j.core.shapes;

import com.google.common.base.Preconditions;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * How a scene looks beyond its content, as ranges drawn per image (the draws come from the image's seed): the
 * background grey level (one of {@code greys}, plus a per-channel {@code tint}), the two sizes' radii (fractions
 * of the shorter side; they must stay on their side of the small/large threshold, so the caption stays true),
 * the half distance between two shapes' slots ({@code spacing}), how far the whole layout moves off centre on
 * each axis ({@code shift}, random sign), the fraction of images drawn without anti-aliasing, and the fraction
 * saved as JPEG (then decoded) at a quality in {@code jpegQuality} (0..100).
 *
 * <p>{@link #STANDARD} is what the renderer always drew (and draws the same bytes); {@link #HELD_OUT} is a
 * second style no training run may use: a mid-grey background, sizes near the threshold, tighter and
 * off-centre layouts, low-quality JPEG.
 */
public record RenderStyle(List<Range> greys, int tint, Range small, Range large, Range spacing, Range shift,
    double aliasedRate, double jpegRate, Range jpegQuality) {
  /** The renderer's own look: dark tinted backgrounds, the sizes' nominal radii, centred slots, no JPEG. */
  public static final RenderStyle STANDARD = new RenderStyle(List.of(new Range(30, 89)), 15,
      Range.of(ShapeSize.SMALL.radius()), Range.of(ShapeSize.LARGE.radius()), Range.of(0.25), Range.of(0), 0, 0,
      Range.of(0));

  /**
   * The held-out style, after the "other renderer": anti-aliased shapes on a mid grey (130-160), a
   * small radius a little larger and a large one a little smaller than nominal, slots closer together, the
   * layout 6-9% off centre, JPEG at quality 30-40. Draw it with little noise (e.g. 3) at 64 px.
   */
  public static final RenderStyle HELD_OUT = new RenderStyle(List.of(new Range(130, 160)), 6, new Range(0.112, 0.12),
      new Range(0.15, 0.156), new Range(0.21, 0.22), new Range(0.06, 0.09), 0, 1, new Range(30, 40));

  /**
   * A training augmentation apart from {@link #HELD_OUT} on every knob: dark (20-100) or light (168-195) greys, sizes
   * further from the threshold than nominal, slots at nominal distance or wider, the layout up to 4% off
   * centre, half the images aliased, half saved as JPEG at quality 50-95.
   */
  public static final RenderStyle AUGMENTED = new RenderStyle(List.of(new Range(20, 100), new Range(168, 195)), 12,
      new Range(0.085, 0.105), new Range(0.16, 0.18), new Range(0.23, 0.26), new Range(0, 0.04), 0.5, 0.5,
      new Range(50, 95));

  // Radii keep this far (0.01 of the side) from the small/large threshold (0.135), so the detector reads the size.
  private static final double SMALL_MAX = 0.125;
  private static final double LARGE_MIN = 0.145;

  public RenderStyle {
    greys = List.copyOf(greys);
    Preconditions.checkArgument(!greys.isEmpty(), "at least one background grey range");
    for (Range g : greys) {
      Preconditions.checkArgument(g.min() >= 0 && g.max() <= 255, "background grey in 0..255, not %s", g);
    }
    Preconditions.checkArgument(tint >= 0 && tint <= 40, "tint in 0..40, not %s", tint);
    Preconditions.checkArgument(small.min() >= 0.05 && small.max() <= SMALL_MAX,
        "small radius in [0.05, %s], not %s", SMALL_MAX, small);
    Preconditions.checkArgument(large.min() >= LARGE_MIN && large.max() <= 0.2,
        "large radius in [%s, 0.2], not %s", LARGE_MIN, large);
    Preconditions.checkArgument(spacing.min() >= 0.2 && spacing.max() <= 0.3, "spacing in [0.2, 0.3], not %s",
        spacing);
    Preconditions.checkArgument(shift.min() >= 0 && shift.max() <= 0.1, "shift in [0, 0.1], not %s", shift);
    Preconditions.checkArgument(aliasedRate >= 0 && aliasedRate <= 1, "aliased rate in [0, 1], not %s", aliasedRate);
    Preconditions.checkArgument(jpegRate >= 0 && jpegRate <= 1, "JPEG rate in [0, 1], not %s", jpegRate);
    Preconditions.checkArgument(jpegQuality.min() >= 0 && jpegQuality.max() <= 100, "JPEG quality in 0..100, not %s",
        jpegQuality);
  }

  /** A radius for {@code size} drawn from this style's range. */
  double radius(ShapeSize size, SplittableRandom rnd) {
    return (size == ShapeSize.SMALL ? small : large).draw(rnd);
  }

  /**
   * The knobs on which this style's ranges meet {@code other}'s (empty when the styles are apart on every one),
   * for checking that training augmentation stays clear of a held-out style. Anti-aliasing is not compared:
   * both styles draw anti-aliased images.
   */
  public List<String> overlaps(RenderStyle other) {
    List<String> out = new ArrayList<>();
    if (greys.stream().anyMatch(g -> other.greys.stream().anyMatch(g::overlaps))) out.add("background");
    if (small.overlaps(other.small)) out.add("small radius");
    if (large.overlaps(other.large)) out.add("large radius");
    if (spacing.overlaps(other.spacing)) out.add("spacing");
    if (shift.overlaps(other.shift)) out.add("shift");
    if (jpegRate > 0 && other.jpegRate > 0 && jpegQuality.overlaps(other.jpegQuality)) out.add("JPEG quality");
    return out;
  }
}
