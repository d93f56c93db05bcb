package dev.align4j.losses;

import java.util.Set;

/**
 * A preference loss: turns the per-example quantities of a batch into a scalar loss and TRL's metrics.
 * Create losses through {@link LossRegistry}.
 */
public interface PreferenceLoss {
  /** The registry name, e.g. {@code sigmoid}. */
  String name();

  /** What the loss needs beyond the policy's chosen/rejected terms. */
  Set<Need> needs();

  /**
   * The keyed terms the loss reads ({@link PreferenceTerms#get}); the modality computes these besides what
   * {@link #needs()} asks for. None by default.
   */
  default Set<TermKey<?>> keys() {
    return Set.of();
  }

  /** Computes the loss; differentiable through DJL's autograd. */
  LossOutput compute(PreferenceTerms terms);
}
