package dev.align4j.video.run;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.google.common.base.Preconditions;
import dev.align4j.core.util.UserError;
import dev.align4j.video.pairs.VideoPairBuilder;
import dev.align4j.video.shapes.Perturbations;
import java.util.List;

/**
 * The {@code pairs:} section: the pairs built before training, by one of three builders ({@code builder}).
 * <ul>
 *   <li>{@code on_policy} (the default), as VideoDPO builds them: the starting model draws {@code candidates}
 *       clips per prompt, the moving-shapes checker scores each (the mean of its four levels), and the best and
 *       the worst become a pair when their scores differ by at least {@code min_gap}. With {@code dupbeta > 0}
 *       each pair is weighted by VideoDPO's dupfactor over {@code dup_bins} histogram bins.
 *   <li>{@code real_vs_generated}: the caption's noise-free render against the worst of {@code candidates}
 *       samples; a prompt where a sample scores at least as high as the render gives no pair.
 *   <li>{@code perturbed}: no sampling; the render against an edit of it, cycling through {@code perturbations}
 *       over the prompts (an edit that cannot break the caption gives way to the next in the list).
 * </ul>
 * Training, evaluation and held-out prompts are disjoint.
 */
public record VideoPairsConfig(
    @JsonProperty("builder") String builder,
    @JsonProperty("prompts") Integer prompts,
    @JsonProperty("eval_prompts") Integer evalPrompts,
    @JsonProperty("candidates") Integer candidates,
    @JsonProperty("min_gap") Double minGap,
    @JsonProperty("dupbeta") Double dupbeta,
    @JsonProperty("dup_bins") Integer dupBins,
    @JsonProperty("perturbations") List<String> perturbations,
    @JsonProperty("batch_size") Integer batchSize,
    @JsonProperty("seed") Long seed) {
  /** The perturbed builder's edits when the config lists none: every kind. */
  public static final List<String> ALL_PERTURBATIONS = Perturbations.Kind.keys();

  public VideoPairsConfig {
    builder = builder == null ? VideoPairBuilder.ON_POLICY.key() : builder;
    if (VideoPairBuilder.named(builder) == null) {
      throw new UserError("pairs.builder '" + builder + "' is not a video pair builder (allowed: "
          + String.join(", ", VideoPairBuilder.keys()) + ")");
    }
    perturbations = perturbations(VideoPairBuilder.named(builder), perturbations);
    prompts = prompts == null ? 64 : prompts;
    evalPrompts = evalPrompts == null ? 16 : evalPrompts;
    candidates = candidates == null ? 4 : candidates;
    minGap = minGap == null ? 0.05 : minGap;
    dupbeta = dupbeta == null ? 0.0 : dupbeta;
    dupBins = dupBins == null ? 10 : dupBins;
    batchSize = batchSize == null ? 32 : batchSize;
    seed = seed == null ? 1L : seed;
    Preconditions.checkArgument(prompts > 0, "pairs.prompts must be > 0, got %s", prompts);
    Preconditions.checkArgument(evalPrompts >= 0, "pairs.eval_prompts must be >= 0, got %s", evalPrompts);
    int fewest = VideoPairBuilder.named(builder) == VideoPairBuilder.ON_POLICY ? 2 : 1;
    Preconditions.checkArgument(candidates >= fewest, "pairs.candidates must be >= %s for %s, got %s", fewest,
        builder, candidates);
    Preconditions.checkArgument(minGap >= 0, "pairs.min_gap must be >= 0, got %s", minGap);
    Preconditions.checkArgument(dupbeta >= 0, "pairs.dupbeta must be >= 0, got %s", dupbeta);
    Preconditions.checkArgument(dupbeta == 0 || VideoPairBuilder.named(builder) == VideoPairBuilder.ON_POLICY,
        "pairs.dupbeta re-weights on_policy pairs only, not %s", builder);
    Preconditions.checkArgument(dupBins > 0, "pairs.dup_bins must be > 0, got %s", dupBins);
    Preconditions.checkArgument(batchSize > 0, "pairs.batch_size must be > 0, got %s", batchSize);
  }

  /** The perturbed builder's edits (all of them when none are listed), checked by name; null for the others. */
  private static List<String> perturbations(VideoPairBuilder builder, List<String> listed) {
    if (builder != VideoPairBuilder.PERTURBED) {
      if (listed != null) {
        throw new UserError("pairs.perturbations is read by pairs.builder perturbed only, not " + builder.key());
      }
      return null;
    }
    if (listed == null) return ALL_PERTURBATIONS;
    for (String p : listed) {
      if (Perturbations.Kind.named(p) == null) {
        throw new UserError("pairs.perturbations: '" + p + "' is not a perturbation (allowed: "
            + String.join(", ", Perturbations.Kind.keys()) + ")");
      }
    }
    Preconditions.checkArgument(!listed.isEmpty(), "pairs.perturbations must list at least one perturbation");
    return List.copyOf(listed);
  }

  public static VideoPairsConfig defaults() {
    return new VideoPairsConfig(null, null, null, null, null, null, null, null, null, null);
  }

  /** The builder {@link #builder} names. */
  public VideoPairBuilder pairBuilder() {
    return VideoPairBuilder.named(builder);
  }

  /** The edits {@link #perturbations} names, in order; empty unless the builder is perturbed. */
  public List<Perturbations.Kind> perturbationKinds() {
    return perturbations == null ? List.of() : perturbations.stream().map(Perturbations.Kind::named).toList();
  }
}
