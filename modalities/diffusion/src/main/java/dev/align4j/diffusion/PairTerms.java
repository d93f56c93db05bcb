package dev.align4j.diffusion;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import com.google.common.base.Preconditions;
import dev.align4j.losses.PreferenceTerms;

/**
 * Preference terms from the errors of a batch of pairs laid out winners then losers ({@code [w_1..w_B;
 * l_1..l_B]}): the negative errors {@code -e_w, -e_l} of the policy and, when computed, of the reference. This
 * is Diffusion-DPO's ELBO surrogate with denoising errors, and Flow-DPO's with velocity errors.
 */
public final class PairTerms {
  private PairTerms() {}

  /** A builder holding the policy terms, and the reference terms when {@code errors} has them. */
  public static PreferenceTerms.Builder of(DenoisingErrors errors, int pairs) {
    long n = errors.policy().getShape().get(0);
    Preconditions.checkArgument(n == 2L * pairs, "%s errors for %s pairs (winners then losers)", n, pairs);
    NDIndex winners = new NDIndex("0:" + pairs);
    NDIndex losers = new NDIndex(pairs + ":");
    NDArray p = errors.policy();
    PreferenceTerms.Builder b = PreferenceTerms.builder().policy(p.get(winners).neg(), p.get(losers).neg());
    NDArray r = errors.reference();
    if (r != null) b.reference(r.get(winners).neg(), r.get(losers).neg());
    return b;
  }
}
