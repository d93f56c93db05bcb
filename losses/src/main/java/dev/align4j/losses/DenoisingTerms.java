package dev.align4j.losses;

import ai.djl.ndarray.NDArray;
import com.google.common.base.Preconditions;

/**
 * The winner's raw noise predictions, flattened to [B, D]: what DSPO's score-matching form needs.
 *
 * @param policy eps_theta(x_t^w, t, c)
 * @param reference eps_ref(x_t^w, t, c)
 * @param target the noise eps that was added
 */
public record DenoisingTerms(NDArray policy, NDArray reference, NDArray target) {
  public DenoisingTerms {
    Preconditions.checkNotNull(policy, "denoising policy");
    Preconditions.checkNotNull(reference, "denoising reference");
    Preconditions.checkNotNull(target, "denoising target");
  }
}
