package dev.align4j.video.shapes;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What the checker measured in one clip against one caption.
 *
 * @param instance mean over frames of the share of the caption's attributes seen (shape count, and each
 *     shape's kind, colour and size), in [0, 1]
 * @param state boundary frames and identity, in [0, 1]
 * @param motion how plausibly each shape follows the captioned law, in [0, 1]
 * @param semantic whether the clip does what the caption says, in [0, 1]
 * @param temporalConsistency VBench-style flicker score of the background, {@code 1 - mean |frame difference|
 *     / 255}, in [0, 1]
 * @param dynamicDegree mean speed of the shapes' centres, in frame sides per frame (0 for a still clip); a
 *     rate, not a score, kept apart to detect motion bias
 */
public record ClipScore(
    @JsonProperty("instance") double instance,
    @JsonProperty("state") double state,
    @JsonProperty("motion") double motion,
    @JsonProperty("semantic") double semantic,
    @JsonProperty("temporal_consistency") double temporalConsistency,
    @JsonProperty("dynamic_degree") double dynamicDegree) {

  /** The score at one level. */
  public double level(Level level) {
    return switch (level) {
      case INSTANCE -> instance;
      case STATE -> state;
      case MOTION -> motion;
      case SEMANTIC -> semantic;
    };
  }

  /** The weighted mean of the levels and temporal consistency, in [0, 1]. */
  public double combined(LevelWeights w) {
    double sum = 0;
    double weights = w.temporalConsistency();
    sum += w.temporalConsistency() * temporalConsistency;
    for (Level level : Level.values()) {
      sum += w.of(level) * level(level);
      weights += w.of(level);
    }
    return sum / weights;
  }

  /** The mean of the four levels ({@link LevelWeights#LEVELS}). */
  public double combined() {
    return combined(LevelWeights.LEVELS);
  }
}
