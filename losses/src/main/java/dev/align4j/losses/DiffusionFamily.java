package dev.align4j.losses;

import static dev.align4j.losses.CommonParams.beta;
import static dev.align4j.losses.Ops.logSigmoid;
import static dev.align4j.losses.Ops.sigmoid;
import static dev.align4j.losses.PairedLoss.RewardBasis.LOG_RATIO;
import static dev.align4j.losses.PairedLoss.RewardBasis.POLICY;

import ai.djl.ndarray.NDArray;
import com.google.common.collect.Range;
import java.util.List;
import java.util.Set;

/**
 * Paired diffusion losses. Terms are negative denoising errors (pc = -e_w, rc = -e_w^ref, ...), so
 * Diffusion-DPO is DPO on the ELBO surrogate.
 */
final class DiffusionFamily {
  private DiffusionFamily() {}

  private static final LossSpec.Family F = LossSpec.Family.DIFFUSION;
  private static final Set<Need> REF = Set.of(Need.REFERENCE);
  /** Floor of k*e, as the reference implementation clips it. */
  private static final double MAPO_MIN_X = 1e-6;

  static List<LossSpec> specs() {
    return List.of(
        LossSpec.paired("diffusion_dpo", F, "Wallace et al. 2023, Diffusion-DPO",
            "-ls(-0.5 beta [(e_w - e_l) - (e_w^ref - e_l^ref)]); diffusers' form drops the 0.5; label-smoothed "
                + "(cDPO) when label_smoothing > 0",
            List.of(beta(5000), ParamSpec.choice("beta_convention", "official", List.of("official", "diffusers"),
                "official: -0.5*beta form (beta 5000); diffusers: no 0.5 (their beta 2500 is the same model)"),
                CommonParams.weight("rpo_alpha", 0.0, "RPO: weight of the winner's denoising error (the diffusion "
                    + "NLL surrogate) added to the loss"),
                CommonParams.labelSmoothing(0, Range.closed(0.0, 0.5))),
            REF, LOG_RATIO,
            p -> {
              double factor = p.choice("beta_convention").equals("official") ? 0.5 : 1.0;
              double alpha = p.real("rpo_alpha");
              double e = p.real("label_smoothing");
              return q -> {
                // cDPO: with label_smoothing e the loss is minimal at a finite margin, log((1 - e) / e), so
                // pairs already far apart are pulled back instead of driving the errors apart without bound.
                NDArray dpo = Pair.smoothedLogistic(Ops.mul(q.margin(), factor * q.beta), e);
                return alpha == 0 ? dpo : dpo.sub(q.pc().mul(Ops.k(alpha)));
              };
            }),
        LossSpec.paired("diffusion_sft", F, "Wallace et al. 2023, Diffusion-DPO's SFT baseline",
            "denoising MSE of the winner", List.of(CommonParams.metricBeta(5000)), Set.of(), LOG_RATIO,
            p -> q -> q.pc().neg()),
        LossSpec.paired("mapo", F, "Hong et al. 2024, MaPO (margin-aware, no reference)",
            "e_w - beta ls(T [f(e_w) - f(e_l)]), f(e) = k e / (exp(k e) - 1)",
            List.of(beta(0.1), ParamSpec.real("mapo_k", 0.5, Range.greaterThan(0.0), "scale inside f"),
                ParamSpec.real("mapo_timesteps", 1000.0, Range.greaterThan(0.0), "T: scale of the odds gap")),
            Set.of(), POLICY,
            p -> {
              double k = p.real("mapo_k");
              double steps = p.real("mapo_timesteps");
              return q -> {
                NDArray ew = q.pc().neg();
                NDArray gap = mapoF(ew, k).sub(mapoF(q.pr().neg(), k)).mul(Ops.k(steps));
                return ew.sub(logSigmoid(gap).mul(Ops.k(q.beta)));
              };
            }),
        clippedRatio("spo", "Liang et al. 2024, SPO (step-aware preference optimisation)", 10),
        clippedRatio("d3po", "Yang et al. 2024, D3PO", 0.1),
        LossSpec.paired("dspo", F, "Zhu et al. 2025, DSPO (score-matching form; unverified against the paper)",
            "winner's MSE towards a target shifted by (1 - s(z)) (eps_theta - eps_ref)",
            List.of(beta(5000), CommonParams.weight("dspo_weight", 1.0, "scale of the target shift")),
            Set.of(Need.REFERENCE, Need.DENOISING), LOG_RATIO,
            p -> {
              double weight = p.real("dspo_weight");
              return q -> {
                NDArray c = sigmoid(q.margin().mul(Ops.k(0.5 * q.beta))).neg().add(1).mul(Ops.k(weight)).stopGradient()
                    .expandDims(1);
                DenoisingTerms d = q.terms.denoising();
                NDArray residual = d.policy().sub(d.target()).sub(d.policy().sub(d.reference()).mul(c));
                return residual.square().mean(new int[] {1});
              };
            }),
        LossSpec.paired("diffusion_dro", F, "Diffusion-DRO (hinge on expert vs policy-sample errors)",
            "max(0, (e_w - e_w^ref) - (e_l - e_l^ref) + margin): expert data chosen, policy samples rejected",
            List.of(CommonParams.weight("dro_margin", 0.0, "hinge margin"), CommonParams.metricBeta(5000)), REF,
                LOG_RATIO,
            p -> {
              double margin = p.real("dro_margin");
              return q -> q.rl().sub(q.cl()).add(margin).maximum(Ops.k(0));
            }));
  }

  private static LossSpec clippedRatio(String name, String source, double beta) {
    return LossSpec.paired(name, F, source,
        "-ls(beta (log r_w - log r_l)), r = clamp(p_theta / p_ref, 1 - c, 1 + c) of one sampler step",
        List.of(beta(beta), ParamSpec.real("clip_range", 0.1, Range.open(0.0, 1.0), "c: ratio clipping")),
        REF, LOG_RATIO,
        p -> {
          double lo = Math.log1p(-p.real("clip_range"));
          double hi = Math.log1p(p.real("clip_range"));
          return q -> logSigmoid(q.cl().clip(lo, hi).sub(q.rl().clip(lo, hi)).mul(Ops.k(q.beta))).neg();
        });
  }

  /** f(e) = x / (exp(x) - 1) with x = k e, floored at {@link #MAPO_MIN_X}. */
  private static NDArray mapoF(NDArray error, double k) {
    return Ops.xOverExpm1(error.mul(Ops.k(k)).maximum(Ops.k(MAPO_MIN_X)));
  }
}
