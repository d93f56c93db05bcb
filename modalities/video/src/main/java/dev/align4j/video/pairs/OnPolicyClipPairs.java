package dev.align4j.video.pairs;

import com.google.common.base.Preconditions;
import dev.align4j.core.media.Video;
import dev.align4j.core.pairs.CandidateGenerator;
import dev.align4j.core.pairs.ConstructedPair;
import dev.align4j.core.pairs.PairBuilder;
import dev.align4j.core.pairs.PairStrategy;
import dev.align4j.video.shapes.ClipChecker;
import dev.align4j.video.shapes.ClipScore;
import dev.align4j.video.shapes.LevelWeights;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * On-policy video pairs scored by the moving-shapes checker, as VideoDPO builds them with OmniScore: k clips per
 * prompt, each scored as the weighted mean of the checker's levels ({@link ClipScore#combined(LevelWeights)}),
 * best against worst when their gap is at least {@code minGap}; optionally re-weighted by VideoDPO's dupfactor
 * ({@link DupFactor}: {@code (max p / p)^dupbeta} with p the product of the winner's and the loser's histogram
 * probabilities), which up-weights pairs of rare scores.
 */
public final class OnPolicyClipPairs {
  /** Prompts per candidate batch (fixes which seed each prompt's candidates are drawn with). */
  public static final int PROMPTS_PER_BATCH = 8;

  private OnPolicyClipPairs() {}

  /**
   * Builds the pairs of {@code prompts}; a prompt is skipped when its best and worst clips are closer than the gap.
   *
   * @param dupbeta VideoDPO's exponent; 0 leaves every weight at 1
   * @param bins histogram bins of the pair probabilities (VideoDPO's visualisation uses 10)
   */
  public static BuiltPairs build(CandidateGenerator<String, Video> generator, List<String> prompts, int k,
      double minGap, LevelWeights weights, double dupbeta, int bins, long seed) {
    Preconditions.checkArgument(k >= 2, "on-policy pairs need at least 2 clips per prompt, got %s", k);
    Preconditions.checkArgument(minGap >= 0, "min_gap must be >= 0, got %s", minGap);
    PairBuilder.Result<String, Video> r = new PairBuilder<>(generator,
        (caption, clips) -> clips.stream().mapToDouble(c -> ClipChecker.score(c, caption).combined(weights)).toArray(),
        PairStrategy.bestVsWorst(minGap)).build(prompts, k, PROMPTS_PER_BATCH, seed);
    List<ConstructedPair<String, Video>> built = r.pairs();
    double[] w = new double[built.size()];
    Arrays.fill(w, 1);
    if (dupbeta > 0 && !built.isEmpty()) {
      double[] winners = built.stream().mapToDouble(ConstructedPair::chosenScore).toArray();
      double[] losers = built.stream().mapToDouble(ConstructedPair::rejectedScore).toArray();
      w = DupFactor.weights(DupFactor.pairScores(winners, losers, bins), dupbeta);
    }
    List<ClipPair> pairs = new ArrayList<>(built.size());
    for (int i = 0; i < built.size(); i++) {
      ConstructedPair<String, Video> p = built.get(i);
      pairs.add(new ClipPair(p.prompt(), p.chosen(), p.rejected(), w[i], ClipChecker.score(p.chosen(), p.prompt()),
          ClipChecker.score(p.rejected(), p.prompt()), PairOrigin.ON_POLICY));
    }
    return new BuiltPairs(pairs, r.prompts(), r.promptsWithoutPair());
  }
}
