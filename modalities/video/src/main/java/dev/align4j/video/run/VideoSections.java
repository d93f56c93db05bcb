package dev.align4j.video.run;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.align4j.video.dpo.FrameLevels;

/**
 * The sections the video modality binds itself: the model, pair construction ({@code pairs}; null when the run
 * reads {@code data:} instead), how a VideoDPO directory is read ({@code videodpo}; null for VideoDPO's settings),
 * the frame-hierarchy levels ({@code levels_dpo} only; null otherwise) and sampling.
 */
public record VideoSections(
    @JsonProperty("model") VideoModelConfig model,
    @JsonProperty("pairs") VideoPairsConfig pairs,
    @JsonProperty("videodpo") VideoDpoDataConfig videodpo,
    @JsonProperty("levels") FrameLevels levels,
    @JsonProperty("samples") VideoSamplesConfig samples) {

  public VideoSections {
    model = model == null ? VideoModelConfig.defaults() : model;
    samples = samples == null ? VideoSamplesConfig.defaults() : samples;
  }

  /** The same sections with the levels filled in (defaults when the config gave none). */
  VideoSections withLevels(FrameLevels l) {
    return new VideoSections(model, pairs, videodpo, l, samples);
  }
}
