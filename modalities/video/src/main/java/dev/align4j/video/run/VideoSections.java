package dev.align4j.video.run;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.align4j.video.dpo.FrameLevels;

/**
 * The sections the video modality binds itself: the model, on-policy pair construction, the frame-hierarchy
 * levels ({@code levels_dpo} only; null otherwise) and sampling.
 */
public record VideoSections(
    @JsonProperty("model") VideoModelConfig model,
    @JsonProperty("pairs") VideoPairsConfig pairs,
    @JsonProperty("levels") FrameLevels levels,
    @JsonProperty("samples") VideoSamplesConfig samples) {

  public VideoSections {
    model = model == null ? VideoModelConfig.defaults() : model;
    pairs = pairs == null ? VideoPairsConfig.defaults() : pairs;
    samples = samples == null ? VideoSamplesConfig.defaults() : samples;
  }

  /** The same sections with the levels filled in (defaults when the config gave none). */
  VideoSections withLevels(FrameLevels l) {
    return new VideoSections(model, pairs, l, samples);
  }
}
