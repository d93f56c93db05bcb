package dev.align4j.core.shapes;

import com.google.common.base.Preconditions;
import java.util.SplittableRandom;

/** A closed interval [min, max] that render styles draw from uniformly; min == max is a fixed value. */
public record Range(double min, double max) {
  public Range {
    Preconditions.checkArgument(min <= max, "range [%s, %s]: min above max", min, max);
  }

  /** A fixed value. */
  public static Range of(double value) {
    return new Range(value, value);
  }

  /** A uniform draw; a fixed value consumes nothing from {@code rnd}. */
  public double draw(SplittableRandom rnd) {
    return min == max ? min : min + rnd.nextDouble() * (max - min);
  }

  /** A uniform integer draw in [round(min), round(max)]. */
  public int drawInt(SplittableRandom rnd) {
    long lo = Math.round(min);
    long hi = Math.round(max);
    return (int) (lo == hi ? lo : lo + rnd.nextInt((int) (hi - lo + 1)));
  }

  /** Whether the two intervals share a point. */
  public boolean overlaps(Range other) {
    return min <= other.max && other.min <= max;
  }

  @Override
  public String toString() {
    return min == max ? Double.toString(min) : "[" + min + ", " + max + "]";
  }
}
