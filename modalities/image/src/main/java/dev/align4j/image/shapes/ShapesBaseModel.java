package dev.align4j.image.shapes;

import dev.align4j.diffusion.NoiseSchedule;
import dev.align4j.diffusion.SamplerConfig;
import dev.align4j.image.diffusion.ImageGenerator;
import dev.align4j.image.unet.UNetDenoiser;
import dev.align4j.image.unet.WordCaptionEncoder;
import java.nio.file.Path;

/**
 * The shapes world's base text-to-image model, loaded: the UNet (the policy to tune; trainable), its frozen
 * caption encoder, the noise schedule it was trained with, the sampler settings it is evaluated with, and the
 * directory it came from. Closing it frees both networks.
 */
public record ShapesBaseModel(UNetDenoiser unet, WordCaptionEncoder encoder, NoiseSchedule schedule,
    SamplerConfig sampler, Path dir) implements AutoCloseable {

  /** Generation with this model's networks and schedule (pixel space: no codec). */
  public ImageGenerator generator() {
    return new ImageGenerator(unet, encoder, schedule, null);
  }

  @Override
  public void close() {
    unet.close();
    encoder.close();
  }
}
