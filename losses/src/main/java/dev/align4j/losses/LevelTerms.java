package dev.align4j.losses;

import com.google.common.base.Preconditions;
import com.google.common.collect.ImmutableMap;
import java.util.Map;

/**
 * Named sub-terms with weights, one per level of a hierarchy: frame / clip / video (VistaDPO), or instance /
 * state / motion / semantic (PhysHPO). Each level is a full paired batch of its own (the same examples, the
 * terms restricted to that level's frames, or a level-specific loser); a levelled loss applies its base loss
 * per level and sums the results with the weights.
 *
 * @param levels the levels by name, in reporting order
 */
public record LevelTerms(Map<String, Level> levels) {
  /** The key levelled losses read. */
  public static final TermKey<LevelTerms> KEY = TermKey.of("levels", LevelTerms.class);

  /**
   * One level.
   *
   * @param weight its weight in the sum, finite and {@code >= 0}
   * @param terms its paired terms over the same examples, [B] each
   */
  public record Level(double weight, PreferenceTerms terms) {
    public Level {
      Preconditions.checkArgument(Double.isFinite(weight) && weight >= 0, "level weight must be finite and >= 0, "
          + "got %s", weight);
      Preconditions.checkNotNull(terms, "level terms");
    }
  }

  public LevelTerms {
    Preconditions.checkArgument(levels != null && !levels.isEmpty(), "levels: at least one level");
    levels.keySet().forEach(n -> Preconditions.checkArgument(n != null && !n.isBlank(), "levels: a blank name"));
    Preconditions.checkArgument(levels.values().stream().mapToDouble(Level::weight).sum() > 0,
        "levels: the weights sum to 0");
    levels = ImmutableMap.copyOf(levels);
  }
}
