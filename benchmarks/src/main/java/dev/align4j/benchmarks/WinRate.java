package dev.align4j.benchmarks;

import com.google.common.base.Preconditions;
import dev.align4j.benchmarks.stats.Bootstrap;
import dev.align4j.core.media.Image;
import dev.align4j.rewards.RewardModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How often system A's sample beats system B's for the same prompt, by a judge (a reward model): the win
 * rate (ties count one half) and the mean score difference, each with a paired bootstrap interval.
 * Typical use: A = the tuned model's samples, B = the base model's, one of each per prompt, same seeds.
 */
public final class WinRate {
  private WinRate() {}

  /**
   * @param judge the reward model's name
   * @param winRate A's win rate over B
   * @param meanDifference mean of score(A) - score(B)
   */
  public record Result(String judge, int n, double meanA, double meanB, Bootstrap.Interval winRate,
      Bootstrap.Interval meanDifference) {
    /** One markdown table line: judge, n, win rate [CI], mean A, mean B, difference [CI]. */
    public String markdownRow() {
      return String.format(Locale.ROOT, "| %s | %d | %s | %.4g | %.4g | %s |", judge, n, winRate.format("%.3f"), meanA,
          meanB, meanDifference.format("%.4g"));
    }

    /** The header {@link #markdownRow} lines go under. */
    public static String markdownHeader(double level) {
      String ci = Math.round(level * 100) + "% CI";
      return "| judge | n | win rate A over B [" + ci + "] | mean score A | mean score B | mean A - B [" + ci + "] |\n"
          + "|---|---|---|---|---|---|";
    }
  }

  /** The result from paired scores already computed ({@code a[i]} and {@code b[i]} for prompt i). */
  public static Result fromScores(String judge, double[] a, double[] b, Bootstrap bootstrap) {
    Preconditions.checkArgument(a.length == b.length && a.length > 0, "need paired scores, got %s and %s", a.length,
        b.length);
    double sa = 0;
    double sb = 0;
    for (int i = 0; i < a.length; i++) {
      sa += a[i];
      sb += b[i];
    }
    return new Result(judge, a.length, sa / a.length, sb / b.length, bootstrap.winRate(a, b),
        bootstrap.meanDifference(a, b));
  }

  /**
   * Scores {@code a.get(i)} and {@code b.get(i)} for {@code prompts.get(i)} with {@code judge}, in batches
   * of {@code batchSize} pairs, and compares them.
   */
  public static Result judge(RewardModel judge, List<String> prompts, List<Image> a, List<Image> b,
      int batchSize, Bootstrap bootstrap) {
    Preconditions.checkArgument(prompts.size() == a.size() && a.size() == b.size(),
        "prompts, A and B differ in length: %s, %s, %s", prompts.size(), a.size(), b.size());
    Preconditions.checkArgument(batchSize >= 1, "batch size >= 1, not %s", batchSize);
    double[] sa = new double[a.size()];
    double[] sb = new double[b.size()];
    for (int from = 0; from < a.size(); from += batchSize) {
      int to = Math.min(a.size(), from + batchSize);
      List<String> p = new ArrayList<>();
      List<Image> images = new ArrayList<>();
      for (int i = from; i < to; i++) {
        p.add(prompts.get(i));
        p.add(prompts.get(i));
        images.add(a.get(i));
        images.add(b.get(i));
      }
      float[] s = judge.scoreBatch(p, images);
      for (int i = from; i < to; i++) {
        sa[i] = s[2 * (i - from)];
        sb[i] = s[2 * (i - from) + 1];
      }
    }
    return fromScores(judge.name(), sa, sb, bootstrap);
  }
}
