package dev.align4j.rewards.manifest;

import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * How a reward model's raw outputs become its score ({@code score.formula} in the manifest), the parameters
 * each formula takes and their defaults (methods.md section 4).
 */
public enum ScoreFormula {
  /** {@code max(w * cos(t, i), 0)}; {@code w} = 100 (CLIP score as used for text-to-image evaluation). */
  CLIP_SCORE("clip_score", ImmutableMap.of("w", 100.0), Set.of(), EnumSet.of(Kind.TWO_TOWER)),
  /**
   * {@code exp(logit_scale) * (t . i)} on L2-normalised embeddings (PickScore). {@code logit_scale} is CLIP's
   * log-space parameter (ln 100 = 4.6052 for PickScore), given here or read from a graph output named by
   * {@code outputs.logit_scale}.
   */
  PICKSCORE("pickscore", ImmutableMap.of(), Set.of("logit_scale"), EnumSet.of(Kind.TWO_TOWER)),
  /**
   * {@code scale * cos(t, i)}; {@code scale} = 1 (HPSv2 / v2.1; papers report it times 100). For kind
   * {@code text_embedding}, the cosine of the prompt's and the candidate text's embeddings.
   */
  COSINE("cosine", ImmutableMap.of("scale", 1.0), Set.of(), EnumSet.of(Kind.TWO_TOWER, Kind.TEXT_EMBEDDING)),
  /**
   * {@code (out - mean) / std} on a graph's scalar output; defaults 0 and 1. ImageReward uses mean
   * 0.16717362830052426, std 1.0333394966054072.
   */
  STANDARDIZE("standardize", ImmutableMap.of("mean", 0.0, "std", 1.0), Set.of(),
      EnumSet.of(Kind.FUSED, Kind.MLP_ON_IMAGE,
      Kind.TEXT_SCALAR)),
  /**
   * {@code sum of p(c)} over the classes {@code score.classes} lists (a non-empty list of names from the
   * manifest's {@code classes}), on an {@code image_classifier}'s probabilities: in [0, 1]. Its one parameter
   * is that list, not a number.
   */
  CLASS_PROBABILITY("class_probability", ImmutableMap.of(), Set.of(), EnumSet.of(Kind.IMAGE_CLASSIFIER)),
  /**
   * Flow-GRPO's OCR reward: {@code 1 - min(d, n) / n}, where the target is the prompt's first double-quoted text
   * and {@code d} the Levenshtein distance from the text read in the image to it ({@code 0} when the target occurs
   * in it), both without spaces and in lower case, {@code n} the target's length. In [0, 1]; no parameters.
   */
  EDIT_DISTANCE("edit_distance", ImmutableMap.of(), Set.of(), EnumSet.of(Kind.OCR));

  private final String id;
  private final Map<String, Double> defaults;
  private final Set<String> params;
  private final Set<Kind> kinds;

  ScoreFormula(String id, Map<String, Double> defaults, Set<String> withoutDefault, Set<Kind> kinds) {
    this.id = id;
    this.defaults = defaults;
    this.params = ImmutableSet.<String>builder().addAll(defaults.keySet()).addAll(withoutDefault).build();
    this.kinds = kinds;
  }

  /** The manifest spelling. */
  public String id() {
    return id;
  }

  /** Parameters that have a default, with it. */
  public Map<String, Double> defaults() {
    return defaults;
  }

  /** Every parameter name the formula takes. */
  public Set<String> params() {
    return params;
  }

  /** Model kinds this formula applies to. */
  public Set<Kind> kinds() {
    return kinds;
  }
}
