package dev.align4j.benchmarks;

import java.util.List;

/**
 * The Pick-a-Pic reward-accuracy protocol (PickScore paper): a label is a tie when label_0 == 0.5; a
 * prediction is a tie when |p1 - p0| <= threshold, p = softmax over the pair's two scores; a prediction that
 * equals the label (tie included) scores 1, a tie on one side only 0.5, a miss 0. The threshold is chosen on
 * a validation split from 0, 0.1, ..., 1. Also the plain accuracy over untied labels.
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
  }

  private RewardAccuracy() {}

  /** Tie-aware accuracy at {@code threshold}. */
  public static double tieAware(List<Scored> rows, double threshold) {
    double total = 0;
    for (Scored r : rows) {
      double p0 = r.p0();
      double predicted = Math.abs((1 - p0) - p0) <= threshold ? 0.5 : p0 > 0.5 ? 1 : 0;
      if (predicted == r.label0()) total += 1;
      else if (predicted == 0.5 || r.label0() == 0.5) total += 0.5;
    }
    return rows.isEmpty() ? Double.NaN : total / rows.size();
  }

  /** The threshold with the best tie-aware accuracy on {@code validation} (the smallest on equal accuracy). */
  public static double chooseThreshold(List<Scored> validation) {
    double best = THRESHOLDS[0];
    double bestAccuracy = -1;
    for (double t : THRESHOLDS) {
      double a = tieAware(validation, t);
      if (a > bestAccuracy + 1e-12) {
        bestAccuracy = a;
        best = t;
      }
    }
    return best;
  }

  /** Accuracy over untied labels (strictly higher score wins; equal scores count as a miss). */
  public static double plain(List<Scored> rows) {
    int n = 0;
    int right = 0;
    for (Scored r : rows) {
      if (r.label0() != 0 && r.label0() != 1) continue;
      n++;
      if (r.label0() == 1 ? r.score0() > r.score1() : r.score1() > r.score0()) right++;
    }
    return n == 0 ? Double.NaN : (double) right / n;
  }
}
