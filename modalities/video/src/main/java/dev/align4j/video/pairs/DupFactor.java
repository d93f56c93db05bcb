package dev.align4j.video.pairs;

import com.google.common.base.Preconditions;

/**
 * VideoDPO's re-weighting of preference pairs by how rare they are, its {@code dupfactor} (multimodal.md
 * section 1.1; CIntellifusion/VideoDPO {@code data/video_data.py}, {@code TextVideoDPO.__getitem__}):
 *
 * <pre>  weight = (c / score) ^ dupbeta</pre>
 *
 * <p>The reading taken here:
 * <ul>
 *   <li>{@code score} is a pair's probability: the product of the probabilities of the winner's and the loser's
 *       quality scores under the histogram of all candidate videos' scores ({@code OmniScore/visualize_pair_prob.py}:
 *       "compute a*b ... duplicate it by max(prob)/prob"). Common pairs score high, rare pairs low.
 *   <li>{@code c} is the largest pair score of the set ({@link #weights}), so the commonest pair weighs 1 and rarer
 *       ones more. VideoDPO hard-codes {@code c = 0.72} ({@link #VIDEODPO_C}), apparently that maximum for its
 *       data; {@link #weight} takes any c.
 *   <li>{@code dupbeta = 0} (VideoDPO's shipped config) turns re-weighting off: every weight is 1 and no score is
 *       needed. A pair without a score gets no weight (1). VideoDPO's loader instead sets a missing score to 1,
 *       which weighs such a pair {@code 0.72 ^ dupbeta}; that is not copied.
 *   <li>The histogram has numpy's semantics ({@code numpy.histogram(scores, bins)}): equal-width bins over
 *       [min, max] (min - 0.5 to max + 0.5 when all scores are equal), each bin half-open except the last,
 *       which holds the maximum. (The lookup sketched in VideoDPO's notes, {@code edges[i] <= s < edges[i+1]},
 *       would give the maximum probability 0 and an infinite weight.)
 * </ul>
 */
public final class DupFactor {
  /** The c VideoDPO's loader hard-codes. */
  public static final double VIDEODPO_C = 0.72;

  private DupFactor() {}

  /** {@code (c / score) ^ dupbeta}; exactly 1 when dupbeta is 0, whatever the score. */
  public static double weight(double score, double c, double dupbeta) {
    Preconditions.checkArgument(dupbeta >= 0 && Double.isFinite(dupbeta), "dupbeta must be >= 0, got %s", dupbeta);
    if (dupbeta == 0) return 1;
    Preconditions.checkArgument(score > 0 && Double.isFinite(score), "a pair score must be > 0, got %s", score);
    Preconditions.checkArgument(c > 0 && Double.isFinite(c), "c must be > 0, got %s", c);
    return Math.pow(c / score, dupbeta);
  }

  /**
   * Each pair's score: the probability of the winner's quality score times that of the loser's, both read
   * from one histogram of {@code bins} equal bins over all the pairs' videos' scores (numpy's semantics).
   */
  public static double[] pairScores(double[] winnerScores, double[] loserScores, int bins) {
    Preconditions.checkArgument(winnerScores.length == loserScores.length, "%s winners but %s losers",
        winnerScores.length, loserScores.length);
    Preconditions.checkArgument(winnerScores.length > 0, "no pairs");
    Preconditions.checkArgument(bins > 0, "bins must be positive, got %s", bins);
    double[] all = new double[2 * winnerScores.length];
    System.arraycopy(winnerScores, 0, all, 0, winnerScores.length);
    System.arraycopy(loserScores, 0, all, winnerScores.length, loserScores.length);
    Histogram h = Histogram.of(all, bins);
    double[] out = new double[winnerScores.length];
    for (int i = 0; i < out.length; i++) out[i] = h.probability(winnerScores[i]) * h.probability(loserScores[i]);
    return out;
  }

  /** The weights of a set of pair scores with {@code c} their maximum. */
  public static double[] weights(double[] pairScores, double dupbeta) {
    double c = Double.NEGATIVE_INFINITY;
    for (double s : pairScores) c = Math.max(c, s);
    double[] out = new double[pairScores.length];
    for (int i = 0; i < out.length; i++) out[i] = weight(pairScores[i], c, dupbeta);
    return out;
  }

  /** Equal-width bins as {@code numpy.histogram} draws them, and the share of values in each. */
  private record Histogram(double first, double last, double[] edges, double[] share) {
    static Histogram of(double[] values, int bins) {
      double first = Double.POSITIVE_INFINITY;
      double last = Double.NEGATIVE_INFINITY;
      for (double v : values) {
        Preconditions.checkArgument(Double.isFinite(v), "scores must be finite, got %s", v);
        first = Math.min(first, v);
        last = Math.max(last, v);
      }
      if (first == last) {
        first -= 0.5;
        last += 0.5;
      }
      // numpy.linspace: start + i * (delta / bins), the last edge exactly the stop
      double step = (last - first) / bins;
      double[] edges = new double[bins + 1];
      for (int i = 0; i < bins; i++) edges[i] = i * step + first;
      edges[bins] = last;
      Histogram h = new Histogram(first, last, edges, new double[bins]);
      long[] counts = new long[bins];
      for (double v : values) counts[h.bin(v)]++;
      for (int i = 0; i < bins; i++) h.share[i] = counts[i] / (double) values.length;
      return h;
    }

    /** numpy's bin search for equal bins: a scaled guess, then corrected against the edges. */
    int bin(double v) {
      int bins = share.length;
      double norm = bins / (last - first);
      int i = (int) ((v - first) * norm);
      if (i == bins) i--;
      if (v < edges[i]) i--;
      if (i != bins - 1 && v >= edges[i + 1]) i++;
      return i;
    }

    double probability(double v) {
      return share[bin(v)];
    }
  }
}
