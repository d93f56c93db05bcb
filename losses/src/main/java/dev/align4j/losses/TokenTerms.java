package dev.align4j.losses;

import ai.djl.ndarray.NDArray;
import com.google.common.base.Preconditions;

/**
 * Per-token terms of one side (chosen or rejected) of a batch, all shaped [B, T] and right-padded.
 *
 * @param policy policy token log-probs
 * @param reference reference token log-probs, or null when the loss is reference-free
 * @param mask 1 for real tokens, 0 for padding
 * @param kl per-token KL(pi_ref || pi_theta) over the vocabulary, or null
 * @param weight per-token weights (Mask-DPO sentence masks, SparsePO weights, RRPO phrase masks), or null for all ones
 * @param logSquaredMass per-token log sum_v p_theta(v)^2 (WPO), or null
 */
public record TokenTerms(
    NDArray policy, NDArray reference, NDArray mask, NDArray kl, NDArray weight, NDArray logSquaredMass) {

  public TokenTerms {
    Preconditions.checkNotNull(policy, "token policy log-probs");
    Preconditions.checkNotNull(mask, "token mask");
    Preconditions.checkArgument(policy.getShape().equals(mask.getShape()),
        "token mask shape %s differs from log-prob shape %s", mask.getShape(), policy.getShape());
  }

  /** Sum over real tokens of {@code x * mask}. */
  public NDArray masked(NDArray x) {
    return x.mul(mask);
  }

  /** The weights, or the mask when no weights were given. */
  public NDArray weightOrMask() {
    return weight == null ? mask : weight.mul(mask);
  }

  /** Per-example number of real tokens, [B]. */
  public NDArray counts() {
    return mask.sum(new int[] {1});
  }

  NDArray require(NDArray x, String what) {
    Preconditions.checkState(x != null, "this loss needs per-token %s", what);
    return x;
  }
}
