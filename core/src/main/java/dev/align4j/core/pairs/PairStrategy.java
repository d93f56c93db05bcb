package dev.align4j.core.pairs;

import java.util.ArrayList;
import java.util.List;

/** Turns one prompt's scored candidates into (chosen, rejected) index pairs. */
public interface PairStrategy {
  /** Pairs of candidate indices, chosen first. */
  List<int[]> pairs(double[] scores);

  /**
   * Best against worst, kept only when their score gap is at least {@code minGap} (VideoDPO and RSO-style
   * construction; a small gap is mostly scorer noise). Ties on the best or worst take the first index.
   */
  static PairStrategy bestVsWorst(double minGap) {
    return scores -> {
      int best = 0;
      int worst = 0;
      for (int i = 1; i < scores.length; i++) {
        if (scores[i] > scores[best]) best = i;
        if (scores[i] < scores[worst]) worst = i;
      }
      List<int[]> out = new ArrayList<>();
      if (best != worst && scores[best] - scores[worst] >= minGap) out.add(new int[] {best, worst});
      return out;
    };
  }
}
