package dev.align4j.losses;

import static dev.align4j.losses.CommonParams.beta;
import static dev.align4j.losses.CommonParams.labelSmoothing;
import static dev.align4j.losses.Ops.logSigmoid;
import static dev.align4j.losses.PairedLoss.RewardBasis.POLICY;
import static dev.align4j.losses.PairedLoss.RewardBasis.POLICY_AVERAGE;

import ai.djl.ndarray.NDArray;
import com.google.common.collect.Range;
import java.util.List;
import java.util.Set;

/** Paired losses that need no reference model: SimPO, CPO, ORPO, TPO. */
final class ReferenceFreeFamily {
  private ReferenceFreeFamily() {}

  private static final LossSpec.Family F = LossSpec.Family.PAIRED;
  /** Average log-probs are clamped below zero so log(1 - exp(x)) stays finite. */
  private static final double MAX_AVERAGE_LOGP = -1e-6;

  static List<LossSpec> specs() {
    return List.of(
        LossSpec.paired("simpo", F, "Meng et al. 2024, SimPO",
            "-ls(beta (avg logp_w - avg logp_l) - gamma), no reference",
            List.of(beta(2.0), ParamSpec.real("simpo_gamma", 1.0, Range.atLeast(0.0), "target reward margin"),
                labelSmoothing(0, Range.closed(0.0, 0.5))),
            Set.of(Need.LENGTHS), POLICY_AVERAGE,
            p -> {
              double gamma = p.real("simpo_gamma");
              double e = p.real("label_smoothing");
              return q -> Pair.smoothedLogistic(q.ac().sub(q.ar()).mul(Ops.k(q.beta)).sub(gamma), e);
            }),
        LossSpec.paired("cpo", F, "Xu et al. 2024, CPO",
            "-ls(beta (logp_w - logp_l)) + alpha NLL(chosen), no reference",
            List.of(beta(0.1), CommonParams.weight("cpo_alpha", 1.0, "weight of the NLL term")),
            Set.of(Need.LENGTHS), POLICY,
            p -> {
              double alpha = p.real("cpo_alpha");
              return q -> logSigmoid(q.pc().sub(q.pr()).mul(Ops.k(q.beta))).neg().add(q.nllChosen().mul(Ops.k(alpha)));
            }),
        LossSpec.paired("orpo", F, "Hong et al. 2024, ORPO",
            "NLL(chosen) - lambda ls(log-odds ratio) on average log-probs; beta is ORPO's lambda",
            List.of(beta(0.1)), Set.of(Need.LENGTHS), POLICY_AVERAGE,
            p -> q -> {
              NDArray logOdds = logOdds(q.ac()).sub(logOdds(q.ar()));
              return q.nllChosen().sub(logSigmoid(logOdds).mul(Ops.k(q.beta)));
            }),
        LossSpec.paired("tpo", F, "Saeidi et al. 2024, TPO (triple preference)",
            "-ls(beta (logp_w - logp_l)) + alpha NLL(gold), no reference",
            List.of(beta(0.01), CommonParams.weight("tpo_alpha", 1.0, "weight of the gold NLL term")),
            Set.of(Need.LENGTHS, Need.GOLD), POLICY,
            p -> {
              double alpha = p.real("tpo_alpha");
              return q -> logSigmoid(q.pc().sub(q.pr()).mul(Ops.k(q.beta))).neg()
                  .add(q.terms.policyGold().div(q.terms.goldLengths()).mul(Ops.k(-alpha)));
            }));
  }

  /**
   * log(p / (1 - p)) for an average log-prob x = log p: x - log(1 - exp(x)), with 1 - exp(x) written as
   * -x / f(x), f(x) = x / (exp(x) - 1), so nothing cancels near x = 0 in float32.
   */
  private static NDArray logOdds(NDArray x) {
    NDArray c = x.minimum(Ops.k(MAX_AVERAGE_LOGP));
    return c.sub(c.neg().log()).add(Ops.xOverExpm1(c).log());
  }

}
