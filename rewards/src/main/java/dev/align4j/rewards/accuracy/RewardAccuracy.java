package dev.align4j.rewards.accuracy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.Serializable;
import java.util.List;
import java.util.Locale;

/**
 * The Pick-a-Pic reward-accuracy protocol (PickScore paper): a label is a tie when label_0 == 0.5; a
 * prediction is a tie when |p1 - p0| <= threshold, p = softmax over the pair's two scores; a prediction that
 * equals the label (tie included) scores 1, a tie on one side only 0.5, a miss 0. The threshold is chosen on
 * a validation split from 0, 0.1, ..., 1. Also the plain accuracy over untied labels.
 *
 * <p>The sums live in a {@link Tally}: every row's points are multiples of 0.5, so partial tallies merged in
 * any order (Spark partitions) give bit for bit the numbers of one pass over a list.
 */
public final class RewardAccuracy {
  /** Thresholds tried on the validation split. */
  public static final double[] THRESHOLDS = {0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0};

  /** One scored pair: the two scores and label_0 (1 means image 0 preferred, 0.5 a tie). */
  public record Scored(double score0, double score1, double label0) {
    /** softmax probability of image 0. */
    double p0() {
      double m = Math.max(score0, score1);
      double e0 = Math.exp(score0 - m);
      double e1 = Math.exp(score1 - m);
      return e0 / (e0 + e1);
    }

    /** This row's tie-aware points (1, 0.5 or 0) at {@code threshold}. */
    double points(double threshold) {
      double p0 = p0();
      double predicted = Math.abs((1 - p0) - p0) <= threshold ? 0.5 : p0 > 0.5 ? 1 : 0;
      if (predicted == label0) return 1;
      return predicted == 0.5 || label0 == 0.5 ? 0.5 : 0;
    }

    boolean untied() {
      return label0 == 0 || label0 == 1;
    }

    /** Strictly higher score wins; equal scores count as a miss. */
    boolean right() {
      return label0 == 1 ? score0 > score1 : score1 > score0;
    }
  }

  private RewardAccuracy() {}

  /** Tie-aware accuracy at {@code threshold}. */
  public static double tieAware(List<Scored> rows, double threshold) {
    double total = 0;
    for (Scored r : rows) total += r.points(threshold);
    return rows.isEmpty() ? Double.NaN : total / rows.size();
  }

  /** The threshold with the best tie-aware accuracy on {@code validation} (the smallest on equal accuracy). */
  public static double chooseThreshold(List<Scored> validation) {
    return Tally.of(validation).bestThreshold();
  }

  /** Accuracy over untied labels (strictly higher score wins; equal scores count as a miss). */
  public static double plain(List<Scored> rows) {
    return Tally.of(rows).plain();
  }

  /**
   * The protocol's sums over some rows: rows, label ties, untied labels and the right ones among them, and the
   * tie-aware points at each of {@link #THRESHOLDS}. Mergeable (a Spark aggregation buffer); not thread-safe.
   */
  public static final class Tally implements Serializable {
    private static final long serialVersionUID = 1L;
    private long rows;
    private long labelTies;
    private long untied;
    private long right;
    private double[] points = new double[THRESHOLDS.length];

    /** The tally of {@code rows}. */
    public static Tally of(Iterable<Scored> rows) {
      Tally t = new Tally();
      for (Scored r : rows) t.add(r);
      return t;
    }

    /** Counts one row. */
    public Tally add(Scored r) {
      rows++;
      if (r.label0() == 0.5) labelTies++;
      if (r.untied()) {
        untied++;
        if (r.right()) right++;
      }
      for (int i = 0; i < THRESHOLDS.length; i++) points[i] += r.points(THRESHOLDS[i]);
      return this;
    }

    /** Adds {@code other}'s sums to this one's. */
    public Tally merge(Tally other) {
      rows += other.rows;
      labelTies += other.labelTies;
      untied += other.untied;
      right += other.right;
      for (int i = 0; i < THRESHOLDS.length; i++) points[i] += other.points[i];
      return this;
    }

    public long rows() {
      return rows;
    }

    /** Rows whose label is a tie (label_0 == 0.5). */
    public long labelTies() {
      return labelTies;
    }

    /** Tie-aware accuracy at {@code threshold}, one of {@link #THRESHOLDS}. */
    public double tieAware(double threshold) {
      for (int i = 0; i < THRESHOLDS.length; i++) {
        if (THRESHOLDS[i] == threshold) return rows == 0 ? Double.NaN : points[i] / rows;
      }
      throw new IllegalArgumentException("threshold " + threshold + " is not one of the protocol's");
    }

    /** The threshold with the best tie-aware accuracy here (the smallest on equal accuracy). */
    public double bestThreshold() {
      double best = THRESHOLDS[0];
      double bestAccuracy = -1;
      for (double t : THRESHOLDS) {
        double a = tieAware(t);
        if (a > bestAccuracy + 1e-12) {
          bestAccuracy = a;
          best = t;
        }
      }
      return best;
    }

    /** Accuracy over untied labels. */
    public double plain() {
      return untied == 0 ? Double.NaN : (double) right / untied;
    }
  }

  /**
   * One benchmark result, as {@code bench reward-accuracy} writes and prints it: the test split's accuracy at
   * the threshold chosen on the validation split (0 without one).
   */
  public record Result(String reward, String data, long rows, long labelTies, double threshold,
      String thresholdFrom, double tieAware, double plain) {
    /** The result of {@code test}, with the threshold chosen on {@code validation} (null: threshold 0). */
    public static Result of(String reward, String data, Tally test, Tally validation, String validationName) {
      double threshold = validation == null ? 0 : validation.bestThreshold();
      return new Result(reward, data, test.rows(), test.labelTies(), threshold,
          validation == null ? "default 0" : validationName, test.tieAware(threshold), test.plain());
    }

    /** The result file's object. */
    public ObjectNode json() {
      return new ObjectMapper().createObjectNode().put("reward", reward).put("data", data)
          .put("rows", rows).put("label_ties", labelTies).put("tie_threshold", threshold)
          .put("tie_threshold_from", thresholdFrom)
          .put("accuracy_tie_aware", tieAware).put("accuracy_untied", plain);
    }

    /** The printed Markdown table, one string per line. */
    public List<String> table() {
      return List.of("| reward | rows | label ties | tie threshold | tie-aware accuracy | accuracy (untied) |",
          "|---|---|---|---|---|---|",
          String.format(Locale.ROOT, "| %s | %d | %d | %.1f | %.3f | %.3f |", reward, rows, labelTies, threshold,
              tieAware, plain));
    }
  }
}
