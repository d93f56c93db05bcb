package dev.align4j.image.run;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.google.common.base.Preconditions;

/**
 * The {@code model:} section of an image run.
 *
 * @param base {@code embedded:shapes} (the shapes world's pixel UNet, shipped in {@code models/shapes-unet}),
 *     a directory holding {@code model_index.json} (a UNet saved by align4j), or a directory holding
 *     {@code model.json} (TorchScript UNet, text encoder and VAE with Stable Diffusion's signatures)
 * @param resolution the image size data is resized and cropped to; null for the model's own
 * @param minTimestep lowest training timestep drawn (0 by default)
 * @param maxTimestep highest training timestep drawn, inclusive; -1 for T - 1
 * @param captionDropout probability that a training pair's caption is replaced by "" (0 by default)
 */
public record ImageModelConfig(
    @JsonProperty("base") String base,
    @JsonProperty("resolution") Integer resolution,
    @JsonProperty("min_timestep") Integer minTimestep,
    @JsonProperty("max_timestep") Integer maxTimestep,
    @JsonProperty("caption_dropout") Double captionDropout) {

  public ImageModelConfig {
    base = base == null ? "embedded:shapes" : base;
    minTimestep = minTimestep == null ? 0 : minTimestep;
    maxTimestep = maxTimestep == null ? -1 : maxTimestep;
    captionDropout = captionDropout == null ? 0.0 : captionDropout;
    Preconditions.checkArgument(captionDropout >= 0 && captionDropout < 1, "model.caption_dropout must be in [0, 1), "
        + "got %s", captionDropout);
  }

  /** {@code base} with every other option at its default. */
  public static ImageModelConfig of(String base) {
    return new ImageModelConfig(base, null, null, null, null);
  }
}
