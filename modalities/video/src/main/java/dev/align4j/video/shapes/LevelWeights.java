package dev.align4j.video.shapes;

import com.google.common.base.Preconditions;

/**
 * Weights of the combined clip score: one per level and one for temporal consistency. Non-negative, not all
 * zero; the combined score is their weighted mean, so it stays in [0, 1].
 */
public record LevelWeights(double instance, double state, double motion, double semantic,
    double temporalConsistency) {
  /**
   * The four levels equally (an OmniScore-like mean of levels, as the section 4.1 pair builder asks for);
   * temporal consistency is reported beside it, not mixed in, as dynamic degree is.
   */
  public static final LevelWeights LEVELS = new LevelWeights(1, 1, 1, 1, 0);

  public LevelWeights {
    double[] all = {instance, state, motion, semantic, temporalConsistency};
    double sum = 0;
    for (double w : all) {
      Preconditions.checkArgument(w >= 0 && Double.isFinite(w), "level weights must be finite and >= 0, got %s", w);
      sum += w;
    }
    Preconditions.checkArgument(sum > 0, "at least one level weight must be positive");
  }

  /** The weight of one level. */
  public double of(Level level) {
    return switch (level) {
      case INSTANCE -> instance;
      case STATE -> state;
      case MOTION -> motion;
      case SEMANTIC -> semantic;
    };
  }
}
