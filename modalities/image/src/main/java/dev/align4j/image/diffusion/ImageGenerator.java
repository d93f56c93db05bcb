package dev.align4j.image.diffusion;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.google.common.base.Preconditions;
import dev.align4j.diffusion.CaptionEncoder;
import dev.align4j.diffusion.Denoiser;
import dev.align4j.diffusion.GuidedModel;
import dev.align4j.diffusion.LatentCodec;
import dev.align4j.diffusion.NoiseSchedule;
import dev.align4j.diffusion.Sampler;
import dev.align4j.diffusion.SamplerConfig;
import dev.align4j.diffusion.SamplingPool;
import dev.align4j.core.media.Image;
import java.util.Arrays;
import java.util.List;

/**
 * Text-to-image generation with any {@link Denoiser}: captions and per-image seeds in, images out. Encodes
 * the captions (and "" for guidance), samples with a {@link SamplerConfig}, decodes latents when a
 * {@link LatentCodec} is given (pixel-space models have none). A (caption, seed) gives the same image in any
 * batch. Arrays are scoped per batch; nothing trains.
 */
public final class ImageGenerator {
  private final Denoiser denoiser;
  private final CaptionEncoder encoder;
  private final NoiseSchedule schedule;
  private final LatentCodec codec;

  /** @param codec null for pixel-space models */
  public ImageGenerator(Denoiser denoiser, CaptionEncoder encoder, NoiseSchedule schedule, LatentCodec codec) {
    this.denoiser = denoiser;
    this.encoder = encoder;
    this.schedule = schedule;
    this.codec = codec;
  }

  public Denoiser denoiser() {
    return denoiser;
  }

  public CaptionEncoder encoder() {
    return encoder;
  }

  public NoiseSchedule schedule() {
    return schedule;
  }

  /** The same generator on another network (a tuned policy, a reference). */
  public ImageGenerator withDenoiser(Denoiser other) {
    return new ImageGenerator(other, encoder, schedule, codec);
  }

  /** Images [B, 3, H, W] in [-1, 1] (roughly: decoded latents are not clamped) on {@code manager}. */
  public NDArray generate(List<String> captions, long[] seeds, SamplerConfig config, NDManager manager) {
    Preconditions.checkArgument(captions.size() == seeds.length, "%s captions but %s seeds", captions.size(),
        seeds.length);
    GuidedModel model = GuidedModel.of(denoiser, encoder, captions, config.guidanceScale(), manager);
    NDArray x0 = new Sampler(schedule, config).sample(model, seeds, manager);
    return codec == null ? x0 : codec.decode(x0);
  }

  /**
   * 8-bit images, generated {@code batchSize} at a time (each batch's arrays freed before the next), batches on
   * {@link SamplingPool}'s threads.
   */
  public List<Image> generateRgb(List<String> captions, long[] seeds, SamplerConfig config, int batchSize,
      NDManager manager) {
    return SamplingPool.inBatches(captions.size(), batchSize, (start, end) -> {
      try (NDManager m = manager.newSubManager()) {
        return Pixels.toRgb(generate(captions.subList(start, end), Arrays.copyOfRange(seeds, start, end), config, m));
      }
    });
  }
}
