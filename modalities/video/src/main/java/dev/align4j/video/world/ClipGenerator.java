package dev.align4j.video.world;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.google.common.base.Preconditions;
import dev.align4j.core.media.Video;
import dev.align4j.diffusion.CaptionEncoder;
import dev.align4j.diffusion.Denoiser;
import dev.align4j.diffusion.GuidedModel;
import dev.align4j.diffusion.NoiseSchedule;
import dev.align4j.diffusion.Sampler;
import dev.align4j.diffusion.SamplerConfig;
import dev.align4j.diffusion.SamplingPool;
import java.util.Arrays;
import java.util.List;

/**
 * Text-to-video generation in pixel space with any clip {@link Denoiser}: captions and per-clip seeds in, clips
 * out, through the shared {@link Sampler} and classifier-free guidance. A (caption, seed) gives the same clip in
 * any batch. Nothing trains.
 */
public final class ClipGenerator {
  private final Denoiser denoiser;
  private final CaptionEncoder encoder;
  private final NoiseSchedule schedule;
  private final double fps;

  public ClipGenerator(Denoiser denoiser, CaptionEncoder encoder, NoiseSchedule schedule, double fps) {
    this.denoiser = denoiser;
    this.encoder = encoder;
    this.schedule = schedule;
    this.fps = fps;
  }

  /** The same generator on another network (a tuned policy). */
  public ClipGenerator withDenoiser(Denoiser other) {
    return new ClipGenerator(other, encoder, schedule, fps);
  }

  /**
   * Clips of 8-bit frames, generated {@code batchSize} at a time (each batch's arrays freed before the next),
   * batches on {@link SamplingPool}'s threads.
   */
  public List<Video> generate(List<String> captions, long[] seeds, SamplerConfig config, int batchSize,
      NDManager manager) {
    Preconditions.checkArgument(captions.size() == seeds.length, "%s captions but %s seeds", captions.size(),
        seeds.length);
    return SamplingPool.inBatches(captions.size(), batchSize, (start, end) -> {
      try (NDManager m = manager.newSubManager()) {
        GuidedModel model = GuidedModel.of(denoiser, encoder, captions.subList(start, end), config.guidanceScale(), m);
        NDArray x0 = new Sampler(schedule, config).sample(model, Arrays.copyOfRange(seeds, start, end), m);
        return ClipTensors.toClips(x0, fps);
      }
    });
  }
}
