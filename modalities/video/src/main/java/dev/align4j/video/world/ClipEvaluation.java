package dev.align4j.video.world;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.align4j.core.media.Video;
import dev.align4j.core.stats.PairedDifference;
import dev.align4j.video.shapes.ClipChecker;
import dev.align4j.video.shapes.ClipScore;
import dev.align4j.video.shapes.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * The checker's verdict on a set of generated clips: each clip's {@link ClipScore} against its caption, and
 * their means per level, temporal consistency and dynamic degree (a rate kept apart, to see motion bias).
 */
public record ClipEvaluation(
    @JsonProperty("clips") int clips,
    @JsonProperty("instance") double instance,
    @JsonProperty("state") double state,
    @JsonProperty("motion") double motion,
    @JsonProperty("semantic") double semantic,
    @JsonProperty("combined") double combined,
    @JsonProperty("temporal_consistency") double temporalConsistency,
    @JsonProperty("dynamic_degree") double dynamicDegree,
    @JsonProperty("per_clip") List<ClipScore> perClip) {

  /** Scores clip i against caption i. */
  public static ClipEvaluation of(List<Video> clips, List<String> captions) {
    List<ClipScore> scores = new ArrayList<>(clips.size());
    for (int i = 0; i < clips.size(); i++) scores.add(ClipChecker.score(clips.get(i), captions.get(i)));
    return of(scores);
  }

  /** The means of given scores. */
  public static ClipEvaluation of(List<ClipScore> scores) {
    double[] sum = new double[7];
    for (ClipScore s : scores) {
      double[] v = {s.instance(), s.state(), s.motion(), s.semantic(), s.combined(), s.temporalConsistency(),
          s.dynamicDegree()};
      for (int k = 0; k < v.length; k++) sum[k] += v[k];
    }
    int n = Math.max(1, scores.size());
    return new ClipEvaluation(scores.size(), sum[0] / n, sum[1] / n, sum[2] / n, sum[3] / n, sum[4] / n, sum[5] / n,
        sum[6] / n, List.copyOf(scores));
  }

  /** The mean score at one level (0 without clips). */
  public double level(Level level) {
    return mean(s -> s.level(level));
  }

  /** The mean of any per-clip measure over these clips (0 without clips). */
  public double mean(ToDoubleFunction<ClipScore> measure) {
    return perClip.stream().mapToDouble(measure).average().orElse(0);
  }

  /** The paired change of one level's score from these clips to {@code after}'s (the same prompts and seeds). */
  public PairedDifference change(ClipEvaluation after, Level level) {
    return change(after, s -> s.level(level));
  }

  /** The paired change of any per-clip measure from these clips to {@code after}'s. */
  public PairedDifference change(ClipEvaluation after, ToDoubleFunction<ClipScore> measure) {
    double[] a = new double[perClip.size()];
    double[] b = new double[perClip.size()];
    for (int i = 0; i < a.length; i++) {
      a[i] = measure.applyAsDouble(perClip.get(i));
      b[i] = measure.applyAsDouble(after.perClip().get(i));
    }
    return PairedDifference.of(a, b);
  }

  /** "instance 0.61, state 0.55, motion 0.20, semantic 0.31, temporal 0.97, dynamic 0.021 (64 clips)". */
  @Override
  public String toString() {
    return String.format("instance %.3f, state %.3f, motion %.3f, semantic %.3f, temporal %.3f, dynamic %.4f "
        + "(%d clips)", instance, state, motion, semantic, temporalConsistency, dynamicDegree, clips);
  }
}
