package dev.align4j.video.run;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.google.common.base.Preconditions;

/**
 * The {@code pairs:} section: on-policy pairs built before training, as VideoDPO builds them. The starting model
 * draws {@code candidates} clips per prompt, the moving-shapes checker scores each (the mean of its four levels),
 * and the best and the worst become a pair when their scores differ by at least {@code min_gap}. With
 * {@code dupbeta > 0} each pair is weighted by VideoDPO's dupfactor over {@code dup_bins} histogram bins.
 * Training, evaluation and held-out prompts are disjoint.
 */
public record VideoPairsConfig(
    @JsonProperty("prompts") Integer prompts,
    @JsonProperty("eval_prompts") Integer evalPrompts,
    @JsonProperty("candidates") Integer candidates,
    @JsonProperty("min_gap") Double minGap,
    @JsonProperty("dupbeta") Double dupbeta,
    @JsonProperty("dup_bins") Integer dupBins,
    @JsonProperty("batch_size") Integer batchSize,
    @JsonProperty("seed") Long seed) {

  public VideoPairsConfig {
    prompts = prompts == null ? 64 : prompts;
    evalPrompts = evalPrompts == null ? 16 : evalPrompts;
    candidates = candidates == null ? 4 : candidates;
    minGap = minGap == null ? 0.05 : minGap;
    dupbeta = dupbeta == null ? 0.0 : dupbeta;
    dupBins = dupBins == null ? 10 : dupBins;
    batchSize = batchSize == null ? 32 : batchSize;
    seed = seed == null ? 1L : seed;
    Preconditions.checkArgument(prompts > 0, "pairs.prompts must be > 0, got %s", prompts);
    Preconditions.checkArgument(evalPrompts >= 0, "pairs.eval_prompts must be >= 0, got %s", evalPrompts);
    Preconditions.checkArgument(candidates >= 2, "pairs.candidates must be >= 2, got %s", candidates);
    Preconditions.checkArgument(minGap >= 0, "pairs.min_gap must be >= 0, got %s", minGap);
    Preconditions.checkArgument(dupbeta >= 0, "pairs.dupbeta must be >= 0, got %s", dupbeta);
    Preconditions.checkArgument(dupBins > 0, "pairs.dup_bins must be > 0, got %s", dupBins);
    Preconditions.checkArgument(batchSize > 0, "pairs.batch_size must be > 0, got %s", batchSize);
  }

  public static VideoPairsConfig defaults() {
    return new VideoPairsConfig(null, null, null, null, null, null, null, null);
  }
}
