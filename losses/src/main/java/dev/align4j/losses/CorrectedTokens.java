package dev.align4j.losses;

import ai.djl.ndarray.NDArray;
import com.google.common.base.Preconditions;

/**
 * Dense token feedback (RLHF-V): which tokens of each completion a human corrected, as marks in [0, 1] shaped
 * like the completion's {@link TokenTerms} ([B, T], right-padded). On the chosen side they mark the corrected
 * segments, on the rejected side the hallucinated segments they replaced. A loss turns marks into token
 * weights (RLHF-V: {@code 1 + (gamma - 1) c_t}).
 *
 * @param chosen marks on the chosen tokens
 * @param rejected marks on the rejected tokens
 */
public record CorrectedTokens(NDArray chosen, NDArray rejected) {
  /** The key token-weighted losses read. */
  public static final TermKey<CorrectedTokens> KEY = TermKey.of("corrected_tokens", CorrectedTokens.class);

  public CorrectedTokens {
    Preconditions.checkNotNull(chosen, "corrected tokens: chosen marks");
    Preconditions.checkNotNull(rejected, "corrected tokens: rejected marks");
  }
}
