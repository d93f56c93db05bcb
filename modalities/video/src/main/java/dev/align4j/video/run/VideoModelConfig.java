package dev.align4j.video.run;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.google.common.base.Preconditions;

/**
 * The {@code model:} section of a video run.
 *
 * @param base {@code embedded:moving-shapes} (the world's base model: {@code <models>/shapes-video-unet}, else
 *     the cache, else pre-trained once) or a directory holding {@code model_index.json}, {@code unet/} and
 *     {@code caption_encoder/}, relative to the config file
 * @param minTimestep lowest training timestep drawn (0 by default)
 * @param maxTimestep highest training timestep drawn, inclusive; -1 for T - 1
 */
public record VideoModelConfig(
    @JsonProperty("base") String base,
    @JsonProperty("min_timestep") Integer minTimestep,
    @JsonProperty("max_timestep") Integer maxTimestep) {

  public VideoModelConfig {
    base = base == null ? "embedded:moving-shapes" : base;
    minTimestep = minTimestep == null ? 0 : minTimestep;
    maxTimestep = maxTimestep == null ? -1 : maxTimestep;
    Preconditions.checkArgument(minTimestep >= 0, "model.min_timestep must be >= 0, got %s", minTimestep);
    Preconditions.checkArgument(maxTimestep == -1 || maxTimestep >= minTimestep,
        "model.max_timestep must be -1 or >= min_timestep, got %s", maxTimestep);
  }

  public static VideoModelConfig defaults() {
    return new VideoModelConfig(null, null, null);
  }
}
