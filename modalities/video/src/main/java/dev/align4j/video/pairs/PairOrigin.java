package dev.align4j.video.pairs;

import com.google.common.base.Preconditions;
import dev.align4j.video.shapes.Perturbations;

/**
 * Where a pair came from: the builder, and for a perturbed pair the edit that made its loser (null otherwise).
 */
public record PairOrigin(VideoPairBuilder builder, Perturbations.Kind perturbation) {
  public static final PairOrigin ON_POLICY = new PairOrigin(VideoPairBuilder.ON_POLICY, null);
  public static final PairOrigin REAL_VS_GENERATED = new PairOrigin(VideoPairBuilder.REAL_VS_GENERATED, null);

  public PairOrigin {
    Preconditions.checkNotNull(builder, "builder");
    Preconditions.checkArgument((perturbation != null) == (builder == VideoPairBuilder.PERTURBED),
        "a perturbation exactly for perturbed pairs (%s, %s)", builder, perturbation);
  }

  /** A pair whose loser is the winner edited by {@code kind}. */
  public static PairOrigin perturbed(Perturbations.Kind kind) {
    return new PairOrigin(VideoPairBuilder.PERTURBED, kind);
  }
}
