package dev.align4j.losses;

import ai.djl.ndarray.NDArray;
import com.google.common.base.Preconditions;

/**
 * Listwise candidates, all shaped [B, K] and right-padded.
 *
 * @param policy policy log-prob (or negative denoising error) of each candidate
 * @param reference the reference's, same shape
 * @param scores score or reward of each candidate (higher is better)
 * @param mask 1 for real candidates, 0 for padding
 */
public record ListTerms(NDArray policy, NDArray reference, NDArray scores, NDArray mask) {
  public ListTerms {
    Preconditions.checkNotNull(policy, "listwise policy terms");
    Preconditions.checkNotNull(reference, "listwise reference terms");
    Preconditions.checkNotNull(scores, "listwise scores");
    Preconditions.checkNotNull(mask, "listwise mask");
  }
}
