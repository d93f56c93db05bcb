package dev.align4j.image.run;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.google.common.base.Preconditions;

/**
 * The {@code pairs:} section: on-policy preference pairs built before training. The starting model draws
 * {@code candidates} images per prompt, a registry reward scores them, and the best and the worst become a
 * pair when their scores differ by at least {@code min_gap}. With {@code reference: true} each prompt's
 * noise-free render (the world's dataset image for that caption) joins its candidates, so a render that scores
 * best is paired against the model's worst sample: real-vs-generated pairs, as SPIN-Diffusion trains on.
 * Training and evaluation prompts are disjoint.
 */
public record PairsConfig(
    @JsonProperty("prompts") Integer prompts,
    @JsonProperty("eval_prompts") Integer evalPrompts,
    @JsonProperty("candidates") Integer candidates,
    @JsonProperty("reward") String reward,
    @JsonProperty("min_gap") Double minGap,
    @JsonProperty("reference") Boolean reference,
    @JsonProperty("batch_size") Integer batchSize,
    @JsonProperty("seed") Long seed) {

  public PairsConfig {
    prompts = prompts == null ? 256 : prompts;
    evalPrompts = evalPrompts == null ? 32 : evalPrompts;
    candidates = candidates == null ? 4 : candidates;
    reward = reward == null ? "shapes-pick" : reward;
    minGap = minGap == null ? 0.0 : minGap;
    reference = reference != null && reference;
    batchSize = batchSize == null ? 32 : batchSize;
    seed = seed == null ? 1L : seed;
    Preconditions.checkArgument(prompts > 0, "pairs.prompts must be > 0, got %s", prompts);
    Preconditions.checkArgument(evalPrompts >= 0, "pairs.eval_prompts must be >= 0, got %s", evalPrompts);
    Preconditions.checkArgument(candidates >= (reference ? 1 : 2), "pairs.candidates must be >= %s, got %s",
        reference ? "1 (with the reference)" : "2", candidates);
    Preconditions.checkArgument(minGap >= 0, "pairs.min_gap must be >= 0, got %s", minGap);
    Preconditions.checkArgument(batchSize > 0, "pairs.batch_size must be > 0, got %s", batchSize);
  }
}
