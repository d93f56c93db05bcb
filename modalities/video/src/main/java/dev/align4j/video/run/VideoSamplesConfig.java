package dev.align4j.video.run;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.google.common.base.Preconditions;
import dev.align4j.diffusion.SamplerConfig;

/**
 * The {@code samples:} section: how the run looks at its model. Before and after training it draws
 * {@code eval_prompts} held-out prompts x {@code eval_seeds} clips (the same prompts and seeds), scores them with
 * the checker per level, temporal consistency and dynamic degree, and writes the first {@code clips} of them as
 * MP4 files.
 *
 * @param steps sampling steps (the model's default when null)
 * @param guidanceScale classifier-free guidance (the model's default when null)
 */
public record VideoSamplesConfig(
    @JsonProperty("eval_prompts") Integer evalPrompts,
    @JsonProperty("eval_seeds") Integer evalSeeds,
    @JsonProperty("clips") Integer clips,
    @JsonProperty("steps") Integer steps,
    @JsonProperty("guidance_scale") Double guidanceScale,
    @JsonProperty("batch_size") Integer batchSize) {

  public VideoSamplesConfig {
    evalPrompts = evalPrompts == null ? 32 : evalPrompts;
    evalSeeds = evalSeeds == null ? 1 : evalSeeds;
    clips = clips == null ? 8 : clips;
    batchSize = batchSize == null ? 32 : batchSize;
    Preconditions.checkArgument(evalPrompts >= 0 && evalSeeds > 0, "samples.eval_prompts >= 0 and eval_seeds > 0");
    Preconditions.checkArgument(clips >= 0, "samples.clips must be >= 0, got %s", clips);
    Preconditions.checkArgument(steps == null || steps > 0, "samples.steps must be > 0, got %s", steps);
    Preconditions.checkArgument(guidanceScale == null || guidanceScale >= 0, "samples.guidance_scale must be >= 0");
    Preconditions.checkArgument(batchSize > 0, "samples.batch_size must be > 0, got %s", batchSize);
  }

  /** {@code base} (the model's sampler) with this section's steps and guidance where given. */
  SamplerConfig sampler(SamplerConfig base) {
    SamplerConfig c = base;
    if (steps != null) c = c.withSteps(steps);
    if (guidanceScale != null) c = c.withGuidance(guidanceScale);
    return c;
  }

  public static VideoSamplesConfig defaults() {
    return new VideoSamplesConfig(null, null, null, null, null, null);
  }
}
