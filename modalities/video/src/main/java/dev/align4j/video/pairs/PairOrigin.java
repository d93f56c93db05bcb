package dev.align4j.video.pairs;

import com.google.common.base.Preconditions;
import dev.align4j.video.shapes.Perturbations;

/**
 * Where a pair came from: the builder, and for a perturbed pair the edit that made its loser (null otherwise); or,
 * for a pair read from a dataset ({@code data:}), no builder and the file and row it was read from.
 *
 * @param builder the builder that made the pair; null for a pair read from data
 * @param perturbation the edit of a perturbed pair's loser; null otherwise
 * @param source file and row of a pair read from data ("pairs.jsonl:3"); null for a built pair
 */
public record PairOrigin(VideoPairBuilder builder, Perturbations.Kind perturbation, String source) {
  /** What {@link #key} says of a pair read from data. */
  public static final String DATA = "data";
  public static final PairOrigin ON_POLICY = new PairOrigin(VideoPairBuilder.ON_POLICY, null);
  public static final PairOrigin REAL_VS_GENERATED = new PairOrigin(VideoPairBuilder.REAL_VS_GENERATED, null);

  public PairOrigin {
    Preconditions.checkArgument((builder == null) == (source != null),
        "a pair is built (a builder) or read (a source), not both or neither (%s, %s)", builder, source);
    Preconditions.checkArgument((perturbation != null) == (builder == VideoPairBuilder.PERTURBED),
        "a perturbation exactly for perturbed pairs (%s, %s)", builder, perturbation);
  }

  /** A built pair. */
  public PairOrigin(VideoPairBuilder builder, Perturbations.Kind perturbation) {
    this(builder, perturbation, null);
  }

  /** A pair whose loser is the winner edited by {@code kind}. */
  public static PairOrigin perturbed(Perturbations.Kind kind) {
    return new PairOrigin(VideoPairBuilder.PERTURBED, kind);
  }

  /** A pair read from a dataset, at {@code source} (file and row). */
  public static PairOrigin read(String source) {
    return new PairOrigin(null, null, source);
  }

  /** The builder's config name, or {@link #DATA} for a pair read from data. */
  public String key() {
    return builder == null ? DATA : builder.key();
  }
}
