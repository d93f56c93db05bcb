package dev.align4j.image.pairs;

import ai.djl.ndarray.NDManager;
import com.google.common.base.Preconditions;
import dev.align4j.core.media.Image;
import dev.align4j.core.media.ImageTensors;
import dev.align4j.core.pairs.CandidateGenerator;
import dev.align4j.diffusion.CaptionEncoder;
import dev.align4j.diffusion.Denoiser;
import dev.align4j.diffusion.LatentCodec;
import dev.align4j.diffusion.NoGrad;
import dev.align4j.diffusion.NoiseSchedule;
import dev.align4j.diffusion.Sampler;
import dev.align4j.diffusion.SamplerConfig;
import dev.align4j.diffusion.SamplingPool;
import dev.align4j.diffusion.SeededNoise;
import dev.align4j.image.diffusion.ImageGenerator;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Proposes k images per caption by sampling a denoiser (no gradients, under {@link SamplerConfig}, CFG
 * included) and decoding with the codec. Candidate j of prompt i (index within the call) is drawn with the
 * image seed {@link #imageSeed(long, int, int, int) mix(seed, i k + j)}, and {@link Sampler} draws an image's
 * noise from its own seed alone, so a call's images depend on (seed, prompts, k), not on how they are batched
 * (up to the rounding of batched kernels).
 */
public final class ImageCandidateGenerator implements CandidateGenerator<String, Image> {
  private final ImageGenerator generator;
  private final SamplerConfig config;
  private final int batchSize;

  /**
   * @param batchSize images per forward pass (a memory knob; results do not depend on it)
   */
  public ImageCandidateGenerator(Denoiser denoiser, CaptionEncoder captions, LatentCodec codec, NoiseSchedule schedule,
      SamplerConfig config, int batchSize) {
    Preconditions.checkArgument(batchSize >= 1, "batch size >= 1, not %s", batchSize);
    this.generator = new ImageGenerator(Preconditions.checkNotNull(denoiser, "denoiser"),
        Preconditions.checkNotNull(captions, "captions"), schedule, Preconditions.checkNotNull(codec, "codec"));
    this.config = config;
    this.batchSize = batchSize;
  }

  public SamplerConfig config() {
    return config;
  }

  /** The seed of candidate {@code j} of prompt {@code i} in a call with {@code seed} and {@code k}. */
  public static long imageSeed(long seed, int i, int j, int k) {
    return SeededNoise.mix(seed, (long) i * k + j);
  }

  @Override
  public List<List<Image>> propose(List<String> prompts, int k, long seed) {
    Preconditions.checkArgument(k >= 1, "k >= 1, not %s", k);
    int n = prompts.size() * k;
    List<String> flat = new ArrayList<>(n);
    long[] seeds = new long[n];
    for (int i = 0; i < prompts.size(); i++) {
      for (int j = 0; j < k; j++) {
        flat.add(prompts.get(i));
        seeds[i * k + j] = imageSeed(seed, i, j, k);
      }
    }
    List<Image> images = SamplingPool.inBatches(n, batchSize,
        (start, end) -> generate(flat.subList(start, end), java.util.Arrays.copyOfRange(seeds, start, end)));
    List<List<Image>> out = new ArrayList<>(prompts.size());
    for (int i = 0; i < prompts.size(); i++) out.add(Collections.unmodifiableList(images.subList(i * k, (i + 1) * k)));
    return out;
  }

  /** One image per (caption, seed). */
  public List<Image> generate(List<String> texts, long[] seeds) {
    NDManager root = generator.denoiser().parameters().get(0).array().getManager();
    try (NDManager m = root.newSubManager()) {
      return NoGrad.get(() -> ImageTensors.fromTensor(generator.generate(texts, seeds, config, m)));
    }
  }
}
