package dev.align4j.losses;

import static dev.align4j.losses.CommonParams.beta;
import static dev.align4j.losses.Ops.logSigmoid;
import static dev.align4j.losses.Ops.sumLast;
import static dev.align4j.losses.PairedLoss.RewardBasis.LOG_RATIO;

import ai.djl.ndarray.NDArray;
import java.util.List;
import java.util.Set;

/** Paired losses written over per-token terms: TDPO, Mask-DPO, SparsePO, RRPO. */
final class TokenFamily {
  private TokenFamily() {}

  private static final LossSpec.Family F = LossSpec.Family.TOKEN;
  private static final Set<Need> TOKENS = Set.of(Need.REFERENCE, Need.TOKENS);
  private static final Set<Need> TOKENS_KL = Set.of(Need.REFERENCE, Need.TOKENS, Need.VOCAB_KL);

  static List<LossSpec> specs() {
    return List.of(
        LossSpec.paired("tdpo1", F, "Zeng et al. 2024, TDPO1",
            "DPO plus the sequential KL difference KL_w - KL_l", List.of(beta(0.1)), TOKENS_KL, LOG_RATIO,
            p -> q -> {
              NDArray kl = seqKl(q.terms.chosenTokens(), false).sub(seqKl(q.terms.rejectedTokens(), false));
              return logSigmoid(logRatioGap(q, false).add(kl).mul(Ops.k(q.beta))).neg();
            }),
        LossSpec.paired("tdpo2", F, "Zeng et al. 2024, TDPO2",
            "TDPO with the chosen KL detached and scaled by alpha",
            List.of(beta(0.1), CommonParams.weight("tdpo_alpha", 0.5, "weight of the KL difference")),
            TOKENS_KL, LOG_RATIO,
            p -> {
              double alpha = p.real("tdpo_alpha");
              return q -> {
                NDArray kl = seqKl(q.terms.chosenTokens(), false).stopGradient()
                    .sub(seqKl(q.terms.rejectedTokens(), false));
                return logSigmoid(logRatioGap(q, false).add(kl.mul(Ops.k(alpha))).mul(Ops.k(q.beta))).neg();
              };
            }),
        LossSpec.paired("mask_dpo", F, "Gu et al. 2025, Mask-DPO",
            "DPO over correct-sentence tokens of y_w and wrong-sentence tokens of y_l (token weights)",
            List.of(beta(0.1)), TOKENS, LOG_RATIO,
            p -> q -> logSigmoid(logRatioGap(q, true).mul(Ops.k(q.beta))).neg()),
        LossSpec.paired("sparsepo", F, "Christopoulou et al. 2024, SparsePO (equation unverified)",
            "TDPO1 with token weights on log-ratios and KL", List.of(beta(0.1)), TOKENS_KL, LOG_RATIO,
            p -> q -> {
              NDArray kl = seqKl(q.terms.chosenTokens(), true).sub(seqKl(q.terms.rejectedTokens(), true));
              return logSigmoid(logRatioGap(q, true).add(kl).mul(Ops.k(q.beta))).neg();
            }),
        LossSpec.paired("rrpo", F, "Sarkar et al. 2025, RRPO",
            "DPO over aligned differing phrases (token weights) plus alpha KL of the chosen",
            List.of(beta(0.1), CommonParams.weight("rrpo_alpha", 0.01, "weight of the chosen's token KL")),
            TOKENS_KL, LOG_RATIO,
            p -> {
              double alpha = p.real("rrpo_alpha");
              return q -> logSigmoid(logRatioGap(q, true).mul(Ops.k(q.beta))).neg()
                  .add(seqKl(q.terms.chosenTokens(), false).mul(Ops.k(alpha)));
            }));
  }

  /** sum_t m_t d_{w,t} - sum_t m_t d_{l,t}, with m the token weights or the mask. */
  private static NDArray logRatioGap(Pair q, boolean weighted) {
    return tokenLogRatio(q.terms.chosenTokens(), weighted).sub(tokenLogRatio(q.terms.rejectedTokens(), weighted));
  }

  private static NDArray tokenLogRatio(TokenTerms t, boolean weighted) {
    NDArray d = t.policy().sub(t.require(t.reference(), "reference log-probs"));
    return sumLast(d.mul(weighted ? t.weightOrMask() : t.mask()));
  }

  private static NDArray seqKl(TokenTerms t, boolean weighted) {
    return sumLast(t.require(t.kl(), "kl").mul(weighted ? t.weightOrMask() : t.mask()));
  }
}
