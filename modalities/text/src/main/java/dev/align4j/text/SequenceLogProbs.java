package dev.align4j.text;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import dev.align4j.losses.Scalars;

/**
 * Completion log-probs from next-token logits: position t's logits score token t+1, and only completion
 * tokens count (prompt and padding are masked out).
 */
public final class SequenceLogProbs {
  private SequenceLogProbs() {}

  /** Per-token log-probs of the observed next tokens, [N, T-1]; zero where {@code targetMask} is 0. */
  public static NDArray perToken(NDArray logProbs, NDArray tokenIds, NDArray targetMask) {
    NDArray targets = tokenIds.get(new NDIndex(":, 1:")).expandDims(2);
    NDArray picked = logProbs.gather(targets, 2).squeeze(2);
    return picked.mul(targetMask);
  }

  /** log_softmax over the vocabulary of every position but the last, [N, T-1, V]. */
  public static NDArray logSoftmax(NDArray logits) {
    return logits.get(new NDIndex(":, :-1, :")).logSoftmax(2);
  }

  /** The completion mask shifted to targets: mask of tokens 1..T-1, [N, T-1]. */
  public static NDArray targetMask(NDArray completionMask) {
    return completionMask.get(new NDIndex(":, 1:"));
  }

  /**
   * Per-token KL(pi_ref || pi_theta) over the vocabulary, [N, T-1], masked: sum_v p_ref (log p_ref - log p_theta).
   */
  public static NDArray vocabKl(NDArray refLogProbs, NDArray policyLogProbs, NDArray targetMask) {
    NDArray kl = refLogProbs.exp().mul(refLogProbs.sub(policyLogProbs)).sum(new int[] {2});
    return kl.mul(targetMask);
  }

  /** Per-token log sum_v p(v)^2 (WPO's normaliser), [N, T-1]. */
  public static NDArray logSquaredMass(NDArray logProbs, NDArray targetMask) {
    NDArray doubled = logProbs.mul(Scalars.of(2));
    NDArray max = doubled.max(new int[] {2}, true);
    return doubled.sub(max).exp().sum(new int[] {2}).log().add(max.squeeze(2)).mul(targetMask);
  }
}
