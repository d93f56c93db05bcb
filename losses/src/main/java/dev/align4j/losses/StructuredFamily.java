package dev.align4j.losses;

import static dev.align4j.losses.CommonParams.beta;
import static dev.align4j.losses.Ops.logSigmoid;
import static dev.align4j.losses.PairedLoss.RewardBasis.LOG_RATIO;

import ai.djl.ndarray.NDArray;
import com.google.common.collect.Range;
import java.util.List;
import java.util.Set;

/**
 * Losses over structured terms read through {@link TermKey}s: levels (PhysHPO / VistaDPO), segments with
 * signed labels (DenseDPO), an alternative condition (mDPO) and corrected tokens (RLHF-V).
 */
final class StructuredFamily {
  private StructuredFamily() {}

  private static final LossSpec.Family F = LossSpec.Family.STRUCTURED;
  private static final Set<Need> REF = Set.of(Need.REFERENCE);

  static List<LossSpec> specs() {
    return List.of(
        new LossSpec("levels_dpo", F, "PhysHPO (arXiv 2508.10858) / VistaDPO (2025): weighted DPO over "
            + "levels (PhysHPO's level losses unverified)",
            "sum_k w_k DPO(level k): one weighted DPO term per level (frame/clip/video, instance/state/...)",
            List.of(beta(0.1), CommonParams.labelSmoothing(0, Range.closed(0.0, 0.5))),
            p -> new LevelwiseLoss("levels_dpo", new PairedLoss("levels_dpo", REF, LOG_RATIO, p,
                DpoFamily.sigmoidFormula(p.real("label_smoothing"))))),
        new LossSpec("dense_dpo", F, "Wu et al. 2025, DenseDPO (segment-level labels)",
            "-ls(beta sum_f l_f (cl_f - rl_f)), labels l_f in {-1, 0, +1} per segment", List.of(beta(500)),
            p -> new SegmentLoss("dense_dpo", p.real("beta"))),
        LossSpec.paired("mdpo", F, "Wang et al. 2024, mDPO (conditional and anchored preference)",
            "DPO - ls(beta (cl - cl~)) - ls(beta cl - delta): y_w under a corrupted condition as the loser, "
                + "and an anchor",
            List.of(beta(0.1),
                CommonParams.weight("mdpo_conditional_weight", 1.0, "weight of the conditional term"),
                CommonParams.weight("mdpo_anchor_weight", 1.0, "weight of the anchor term"),
                ParamSpec.real("mdpo_anchor", 0.0, Range.all(), "delta: the anchor's floor on beta cl")),
            REF, Set.of(AlternativeCondition.KEY), LOG_RATIO,
            p -> {
              double wc = p.real("mdpo_conditional_weight");
              double wa = p.real("mdpo_anchor_weight");
              double delta = p.real("mdpo_anchor");
              return q -> {
                AlternativeCondition alt = q.terms.get(AlternativeCondition.KEY);
                NDArray altLogRatio = alt.policy().sub(alt.reference());
                NDArray dpo = logSigmoid(q.margin().mul(Ops.k(q.beta))).neg();
                NDArray conditional = logSigmoid(q.cl().sub(altLogRatio).mul(Ops.k(q.beta))).neg();
                NDArray anchor = logSigmoid(q.cl().mul(Ops.k(q.beta)).sub(Ops.k(delta))).neg();
                return dpo.add(conditional.mul(Ops.k(wc))).add(anchor.mul(Ops.k(wa)));
              };
            }),
        LossSpec.paired("rlhf_v", LossSpec.Family.TOKEN, "Yu et al. 2024, RLHF-V (dense DPO; beta unverified)",
            "DPO on token-weighted mean log-probs, weight gamma on corrected tokens",
            List.of(beta(0.5), ParamSpec.real("rlhfv_gamma", 5.0, Range.greaterThan(0.0),
                "weight of corrected (chosen) and hallucinated (rejected) tokens")),
            Set.of(Need.REFERENCE, Need.TOKENS), Set.of(CorrectedTokens.KEY), LOG_RATIO,
            p -> {
              double gamma = p.real("rlhfv_gamma");
              return q -> {
                CorrectedTokens c = q.terms.get(CorrectedTokens.KEY);
                NDArray w = denseLogRatio(q.terms.chosenTokens(), c.chosen(), gamma);
                NDArray l = denseLogRatio(q.terms.rejectedTokens(), c.rejected(), gamma);
                return logSigmoid(w.sub(l).mul(Ops.k(q.beta))).neg();
              };
            }));
  }

  /**
   * RLHF-V's weighted log-ratio {@code sum_t v_t (policy_t - ref_t) / sum_t v_t} with
   * {@code v_t = mask_t (1 + (gamma - 1) c_t)}: the policy and reference log-probs each as RLHF-V's weighted
   * mean, then their difference.
   */
  private static NDArray denseLogRatio(TokenTerms t, NDArray corrected, double gamma) {
    if (!corrected.getShape().equals(t.mask().getShape())) {
      throw new InvalidLossException("rlhf_v: corrected-token marks " + corrected.getShape()
          + " do not match the tokens " + t.mask().getShape());
    }
    NDArray v = corrected.mul(Ops.k(gamma - 1)).add(Ops.k(1)).mul(t.mask());
    NDArray d = t.policy().sub(t.require(t.reference(), "reference log-probs"));
    return Ops.sumLast(d.mul(v)).div(Ops.sumLast(v));
  }
}
