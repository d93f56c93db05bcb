package dev.align4j.image.run;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.google.common.base.Preconditions;

/**
 * The {@code samples:} section: how the run looks at its model. Before and after training it draws a grid
 * (the same prompts and seeds); at every evaluation it generates {@code eval_prompts} held-out prompts x
 * {@code eval_seeds} images and scores them with {@code reward} (and, in the shapes world, the checker).
 */
public record SamplesConfig(
    @JsonProperty("grid_prompts") Integer gridPrompts,
    @JsonProperty("grid_seeds") Integer gridSeeds,
    @JsonProperty("eval_prompts") Integer evalPrompts,
    @JsonProperty("eval_seeds") Integer evalSeeds,
    @JsonProperty("reward") String reward,
    @JsonProperty("steps") Integer steps,
    @JsonProperty("guidance_scale") Double guidanceScale,
    @JsonProperty("eta") Double eta,
    @JsonProperty("batch_size") Integer batchSize) {

  public SamplesConfig {
    gridPrompts = gridPrompts == null ? 8 : gridPrompts;
    gridSeeds = gridSeeds == null ? 4 : gridSeeds;
    evalPrompts = evalPrompts == null ? 32 : evalPrompts;
    evalSeeds = evalSeeds == null ? 2 : evalSeeds;
    reward = reward == null ? "shapes-pick" : reward;
    batchSize = batchSize == null ? 64 : batchSize;
    Preconditions.checkArgument(gridPrompts >= 0 && gridSeeds > 0, "samples.grid_prompts >= 0 and grid_seeds > 0");
    Preconditions.checkArgument(evalPrompts >= 0 && evalSeeds > 0, "samples.eval_prompts >= 0 and eval_seeds > 0");
    Preconditions.checkArgument(steps == null || steps > 0, "samples.steps must be > 0, got %s", steps);
    Preconditions.checkArgument(batchSize > 0, "samples.batch_size must be > 0, got %s", batchSize);
  }

  public static SamplesConfig defaults() {
    return new SamplesConfig(null, null, null, null, null, null, null, null, null);
  }
}
