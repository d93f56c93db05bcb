package dev.align4j.video.pairs;

import ai.djl.ndarray.NDManager;
import dev.align4j.core.media.Video;
import dev.align4j.core.pairs.CandidateGenerator;
import dev.align4j.diffusion.SamplerConfig;
import dev.align4j.diffusion.SeededNoise;
import dev.align4j.video.world.ClipGenerator;
import java.util.ArrayList;
import java.util.List;

/**
 * k clips per prompt from a video model: candidate j of prompt i in a batch drawn with seed s has the clip seed
 * {@code mix(s, i * k + j)}, so a batch seed fixes every clip.
 */
public final class ClipCandidates implements CandidateGenerator<String, Video> {
  private final ClipGenerator generator;
  private final SamplerConfig sampler;
  private final int batchSize;
  private final NDManager manager;

  public ClipCandidates(ClipGenerator generator, SamplerConfig sampler, int batchSize, NDManager manager) {
    this.generator = generator;
    this.sampler = sampler;
    this.batchSize = batchSize;
    this.manager = manager;
  }

  @Override
  public List<List<Video>> propose(List<String> prompts, int k, long seed) {
    List<String> captions = new ArrayList<>(prompts.size() * k);
    long[] seeds = new long[prompts.size() * k];
    for (int i = 0; i < prompts.size(); i++) {
      for (int j = 0; j < k; j++) {
        captions.add(prompts.get(i));
        seeds[i * k + j] = SeededNoise.mix(seed, (long) i * k + j);
      }
    }
    List<Video> clips = generator.generate(captions, seeds, sampler, batchSize, manager);
    List<List<Video>> out = new ArrayList<>(prompts.size());
    for (int i = 0; i < prompts.size(); i++) out.add(clips.subList(i * k, (i + 1) * k));
    return out;
  }
}
