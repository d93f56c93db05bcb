package dev.align4j.core.stats;

import com.google.common.base.Preconditions;
import java.util.Locale;
import org.apache.commons.math3.distribution.TDistribution;

/**
 * A paired comparison of two scores on the same examples (the same held-out prompt and seed before and after
 * training): the mean of {@code after - before}, its 95% Student-t interval and the paired t statistic. The
 * change is told from noise when the interval excludes zero ({@link #shown}), i.e. |t| above the t quantile.
 * {@code tools/golden/paired_difference_golden.py} (scipy) is the reference.
 *
 * @param mean mean difference, after - before
 * @param lower lower end of the 95% interval (NaN below two examples)
 * @param upper upper end of the 95% interval (NaN below two examples)
 * @param t paired t statistic; 0 when every difference is 0
 * @param n number of pairs
 */
public record PairedDifference(double mean, double lower, double upper, double t, int n) {
  /** Confidence level of the interval. */
  public static final double LEVEL = 0.95;

  public static PairedDifference of(double[] before, double[] after) {
    Preconditions.checkArgument(before.length == after.length, "paired scores differ in length: %s vs %s",
        before.length, after.length);
    int n = before.length;
    double mean = 0;
    for (int i = 0; i < n; i++) mean += (after[i] - before[i]) / n;
    if (n < 2) return new PairedDifference(n == 0 ? Double.NaN : mean, Double.NaN, Double.NaN, Double.NaN, n);
    double ss = 0;
    for (int i = 0; i < n; i++) {
      double d = after[i] - before[i] - mean;
      ss += d * d;
    }
    double se = Math.sqrt(ss / (n - 1) / n);
    double t = se == 0 ? (mean == 0 ? 0 : Math.copySign(Double.POSITIVE_INFINITY, mean)) : mean / se;
    double half = new TDistribution(null, n - 1).inverseCumulativeProbability(0.5 + LEVEL / 2) * se;
    return new PairedDifference(mean, mean - half, mean + half, t, n);
  }

  public static PairedDifference of(float[] before, float[] after) {
    return of(toDouble(before), toDouble(after));
  }

  /** True when the 95% interval excludes zero. */
  public boolean shown() {
    return lower > 0 || upper < 0;
  }

  /** e.g. {@code +0.038 [+0.013, +0.066], paired t 2.94}. */
  public String format(String numberFormat) {
    String f = "%+" + numberFormat.substring(1);
    return String.format(Locale.ROOT, f + " [" + f + ", " + f + "], paired t %.2f", mean, lower, upper, t);
  }

  @Override
  public String toString() {
    return format("%.3f") + " over " + n;
  }

  private static double[] toDouble(float[] x) {
    double[] d = new double[x.length];
    for (int i = 0; i < x.length; i++) d[i] = x[i];
    return d;
  }
}
