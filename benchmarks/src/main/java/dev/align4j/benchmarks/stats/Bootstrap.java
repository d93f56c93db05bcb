package dev.align4j.benchmarks.stats;

import com.google.common.base.Preconditions;
import java.util.Arrays;

/**
 * Paired bootstrap confidence intervals (percentile method) for win rates and mean differences.
 *
 * <p>Each resample draws {@code n} indices with replacement from a {@link SplitMix64} stream seeded with
 * {@code seed} (resample {@code r}, draw {@code i} is the {@code (r * n + i)}-th index of the stream), takes
 * the mean of the per-example values at those indices, and the interval is the {@code (1 - level) / 2} and
 * {@code (1 + level) / 2} quantiles of the resampled means, interpolated linearly between order statistics
 * (numpy's default {@code percentile}). Pairs are resampled together, so the interval accounts for the
 * correlation between the two systems' scores on the same prompt. The same inputs and seed give the same
 * interval bit for bit; {@code tools/golden/bootstrap_golden.py} replays it in numpy.
 */
public final class Bootstrap {
  /** Resamples when none is given. */
  public static final int DEFAULT_RESAMPLES = 2000;
  /** Confidence level when none is given. */
  public static final double DEFAULT_LEVEL = 0.95;

  private final int resamples;
  private final double level;
  private final long seed;

  /**
   * @param resamples bootstrap resamples, at least 1
   * @param level confidence level in (0, 1), e.g. 0.95
   * @param seed seed of the index stream
   */
  public Bootstrap(int resamples, double level, long seed) {
    Preconditions.checkArgument(resamples >= 1, "resamples must be >= 1, got %s", resamples);
    Preconditions.checkArgument(level > 0 && level < 1, "level must be in (0, 1), got %s", level);
    this.resamples = resamples;
    this.level = level;
    this.seed = seed;
  }

  /** 2000 resamples, 95 %. */
  public static Bootstrap of(long seed) {
    return new Bootstrap(DEFAULT_RESAMPLES, DEFAULT_LEVEL, seed);
  }

  /** A point estimate with its bootstrap interval. */
  public record Interval(double estimate, double lower, double upper, double level, int n, int resamples, long seed) {
    /** e.g. {@code 0.625 [0.550, 0.700]}. */
    public String format(String numberFormat) {
      return String.format(java.util.Locale.ROOT, numberFormat + " [" + numberFormat + ", " + numberFormat + "]",
          estimate, lower, upper);
    }

    @Override
    public String toString() {
      return format("%.3f") + " (" + Math.round(level * 100) + "% CI, n=" + n + ")";
    }
  }

  /** Win (1), tie (0.5) or loss (0) of A over B on one example: higher is better, exact equality is a tie. */
  public static double outcome(double scoreA, double scoreB) {
    return scoreA > scoreB ? 1.0 : scoreA == scoreB ? 0.5 : 0.0;
  }

  /**
   * The win rate of A over B on paired scores (prompt i scored for both systems): the mean of
   * {@link #outcome}, ties counting one half.
   */
  public Interval winRate(double[] scoresA, double[] scoresB) {
    checkPaired(scoresA, scoresB);
    double[] outcomes = new double[scoresA.length];
    for (int i = 0; i < outcomes.length; i++) outcomes[i] = outcome(scoresA[i], scoresB[i]);
    return mean(outcomes);
  }

  /** The win rate from per-example outcomes already judged: each must be 0, 0.5 or 1. */
  public Interval winRate(double[] outcomes) {
    for (int i = 0; i < outcomes.length; i++) {
      double o = outcomes[i];
      Preconditions.checkArgument(o == 0 || o == 0.5 || o == 1, "outcome %s is %s, not 0, 0.5 or 1", i,
          Double.valueOf(o));
    }
    return mean(outcomes);
  }

  /** The mean of {@code a[i] - b[i]} (e.g. the reward gain of the tuned model over the base, prompt by prompt). */
  public Interval meanDifference(double[] a, double[] b) {
    checkPaired(a, b);
    double[] d = new double[a.length];
    for (int i = 0; i < d.length; i++) d[i] = a[i] - b[i];
    return mean(d);
  }

  /** The mean of per-example values, with its interval. */
  public Interval mean(double[] values) {
    int n = values.length;
    Preconditions.checkArgument(n > 0, "no examples to bootstrap");
    for (int i = 0; i < n; i++) {
      Preconditions.checkArgument(Double.isFinite(values[i]), "value %s is %s", i, Double.valueOf(values[i]));
    }
    SplitMix64 indices = new SplitMix64(seed);
    double[] means = new double[resamples];
    for (int r = 0; r < resamples; r++) {
      double sum = 0;
      for (int i = 0; i < n; i++) sum += values[indices.nextIndex(n)];
      means[r] = sum / n;
    }
    Arrays.sort(means);
    double tail = (1 - level) / 2;
    return new Interval(sum(values) / n, quantile(means, tail), quantile(means, 1 - tail), level, n, resamples, seed);
  }

  /**
   * numpy's default ({@code linear}) quantile of sorted values: interpolates at position {@code (m - 1) q},
   * from the upper neighbour when the fraction is at least one half, as numpy does.
   */
  static double quantile(double[] sorted, double q) {
    double h = (sorted.length - 1) * q;
    int lo = (int) Math.floor(h);
    int hi = Math.min(lo + 1, sorted.length - 1);
    double t = h - lo;
    double diff = sorted[hi] - sorted[lo];
    return t >= 0.5 ? sorted[hi] - diff * (1 - t) : sorted[lo] + diff * t;
  }

  private static double sum(double[] values) {
    double s = 0;
    for (double v : values) s += v;
    return s;
  }

  private static void checkPaired(double[] a, double[] b) {
    Preconditions.checkArgument(a.length == b.length, "paired scores differ in length: %s vs %s", a.length, b.length);
  }
}
