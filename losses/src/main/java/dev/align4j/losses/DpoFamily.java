package dev.align4j.losses;

import static dev.align4j.losses.CommonParams.beta;
import static dev.align4j.losses.CommonParams.betaF;
import static dev.align4j.losses.CommonParams.labelSmoothing;
import static dev.align4j.losses.Ops.logSigmoid;
import static dev.align4j.losses.Ops.sigmoid;
import static dev.align4j.losses.PairedLoss.RewardBasis.LOG_RATIO;

import ai.djl.ndarray.NDArray;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.Range;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Paired, reference-based language-model losses: DPO and the variants TRL offers as loss_type. */
final class DpoFamily {
  private DpoFamily() {}

  private static final Set<Need> REF = Set.of(Need.REFERENCE);
  private static final Set<Need> REF_LEN = Set.of(Need.REFERENCE, Need.LENGTHS);
  private static final LossSpec.Family F = LossSpec.Family.PAIRED;

  static List<LossSpec> specs() {
    List<LossSpec> s = new ArrayList<>();
    s.add(LossSpec.paired("sigmoid", F, "Rafailov et al. 2023, DPO (cDPO when label_smoothing > 0)",
        "-ls(beta Ds), label-smoothed", with(betaF(0.1), labelSmoothing(0, Range.closed(0.0, 0.5))), REF, LOG_RATIO,
        p -> sigmoidFormula(p.real("label_smoothing"))));
    s.add(LossSpec.paired("cdpo", F, "Mitchell 2023, conservative DPO",
        "DPO with label smoothing", with(betaF(0.1), labelSmoothing(0.1, Range.closed(0.0, 0.5))), REF, LOG_RATIO,
        p -> sigmoidFormula(p.real("label_smoothing"))));
    s.add(LossSpec.paired("hinge", F, "Zhao et al. 2023, SLiC-HF; Liu et al. 2023, RSO",
        "max(0, 1 - beta Ds)", betaF(0.1), REF, LOG_RATIO,
        p -> q -> q.ds().mul(Ops.k(-q.beta)).add(1).maximum(Ops.k(0))));
    s.add(LossSpec.paired("ipo", F, "Azar et al. 2023, IPO",
        "(Ds - 1/(2 beta))^2, log-ratios length-normalised as in TRL",
        with(betaF(0.1), ParamSpec.flag("ipo_normalize_length", true,
            "divide log-ratios by completion length (TRL) or not (OpenRLHF)")), REF_LEN, LOG_RATIO,
        p -> {
          boolean normalize = p.flag("ipo_normalize_length");
          return q -> {
            NDArray x = normalize ? q.sc().div(q.lenC()).sub(q.sr().div(q.lenR())) : q.ds();
            return x.sub(1 / (2 * q.beta)).square();
          };
        }));
    s.add(LossSpec.paired("exo_pair", F, "Ji et al. 2024, EXO",
        "reverse-KL of the label-smoothed preference distribution",
        with(betaF(0.1), labelSmoothing(1e-3, Range.openClosed(0.0, 0.5))), REF, LOG_RATIO,
        p -> {
          double e = p.real("label_smoothing");
          return q -> {
            NDArray z = q.ds().mul(Ops.k(q.beta));
            NDArray pos = sigmoid(z).mul(logSigmoid(z).sub(Math.log1p(-e)));
            NDArray neg = sigmoid(z.neg()).mul(logSigmoid(z.neg()).sub(Math.log(e)));
            return pos.add(neg);
          };
        }));
    s.add(LossSpec.paired("nca_pair", F, "Chen et al. 2024, NCA (pairwise)",
        "-ls(beta sc) - 0.5 ls(-beta sc) - 0.5 ls(-beta sr)", betaF(0.1), REF, LOG_RATIO,
        p -> q -> {
          NDArray zc = q.sc().mul(Ops.k(q.beta));
          NDArray zr = q.sr().mul(Ops.k(q.beta));
          return logSigmoid(zc).neg().sub(logSigmoid(zc.neg()).mul(Ops.k(0.5)))
              .sub(logSigmoid(zr.neg()).mul(Ops.k(0.5)));
        }));
    s.add(LossSpec.paired("robust", F, "Chowdhury et al. 2024, rDPO",
        "unbiased DPO under label noise label_smoothing",
        with(betaF(0.1), labelSmoothing(0, Range.closedOpen(0.0, 0.5))), REF, LOG_RATIO,
        p -> {
          double e = p.real("label_smoothing");
          return q -> {
            NDArray z = q.ds().mul(Ops.k(q.beta));
            return logSigmoid(z).mul(Ops.k(-(1 - e))).add(logSigmoid(z.neg()).mul(Ops.k(e))).div(Ops.k(1 - 2 * e));
          };
        }));
    s.add(LossSpec.paired("bco_pair", F, "Jung et al. 2024, BCO (paired form)",
        "-ls(beta sc) - ls(-beta sr)", betaF(0.1), REF, LOG_RATIO,
        p -> q -> logSigmoid(Ops.mul(q.sc(), q.beta)).add(logSigmoid(Ops.mul(q.sr(), -q.beta))).neg()));
    s.add(LossSpec.paired("sppo_hard", F, "Wu et al. 2024, SPPO (hard labels)",
        "(sc - 1/(2 beta))^2 + (sr + 1/(2 beta))^2", betaF(0.1), REF, LOG_RATIO,
        p -> q -> q.sc().sub(0.5 / q.beta).square().add(q.sr().add(0.5 / q.beta).square())));
    s.add(LossSpec.paired("aot", F, "Melnyk et al. 2024, AOT",
        "distributional alignment: sorted policy margins vs sorted reference margins",
        List.of(beta(0.1), labelSmoothing(0, Range.closed(0.0, 0.5))), REF, LOG_RATIO,
        p -> {
          double e = p.real("label_smoothing");
          return q -> Pair.smoothedLogistic(sorted(q.pc().sub(q.pr())).sub(sorted(q.terms.refChosen()
              .sub(q.terms.refRejected()))).mul(Ops.k(q.beta)), e);
        }));
    s.add(LossSpec.paired("aot_unpaired", F, "Melnyk et al. 2024, AOT (unpaired; TRL's aot_pair)",
        "sorted chosen log-ratios vs sorted rejected log-ratios",
        List.of(beta(0.1), labelSmoothing(0, Range.closed(0.0, 0.5))), REF, LOG_RATIO,
        p -> {
          double e = p.real("label_smoothing");
          return q -> Pair.smoothedLogistic(sorted(q.cl()).sub(sorted(q.rl())).mul(Ops.k(q.beta)), e);
        }));
    s.add(LossSpec.paired("apo_zero", F, "D'Oosterlinck et al. 2024, APO-zero",
        "1 - s(beta cl) + s(beta rl): raise chosen, lower rejected", List.of(beta(0.1)), REF, LOG_RATIO,
        p -> q -> sigmoid(q.cl().mul(Ops.k(q.beta))).neg().add(1).add(sigmoid(q.rl().mul(Ops.k(q.beta))))));
    s.add(LossSpec.paired("apo_down", F, "D'Oosterlinck et al. 2024, APO-down",
        "s(beta cl) + 1 - s(beta Ds): lower both, rejected more", betaF(0.1), REF, LOG_RATIO,
        p -> q -> sigmoid(q.cl().mul(Ops.k(q.beta))).add(1).sub(sigmoid(q.ds().mul(Ops.k(q.beta))))));
    s.add(LossSpec.paired("discopop", F, "Chan et al. 2024, DiscoPOP",
        "log-ratio modulated mix of logistic and exponential losses",
        with(betaF(0.1), ParamSpec.real("discopop_tau", 0.05, Range.greaterThan(0.0), "temperature of the mix")),
        REF, LOG_RATIO,
        p -> {
          double tau = p.real("discopop_tau");
          return q -> {
            NDArray z = q.ds().mul(Ops.k(q.beta));
            NDArray logistic = sigmoid(z.div(Ops.k(-tau))).mul(logSigmoid(z).neg());
            NDArray exponential = logSigmoid(z.div(Ops.k(tau))).sub(z).exp();
            return logistic.add(exponential);
          };
        }));
    s.add(LossSpec.paired("sigmoid_norm", F, "TRL sigmoid_norm (length-normalised DPO)",
        "-ls(beta (sc/|y_w| - sr/|y_l|))", betaF(0.1), REF_LEN, LOG_RATIO,
        p -> q -> logSigmoid(q.sc().div(q.lenC()).sub(q.sr().div(q.lenR())).mul(Ops.k(q.beta))).neg()));
    LossSpec sft = LossSpec.paired("sft", F, "supervised fine-tuning on the chosen (RPO/MPO component)",
        "token-mean NLL of the chosen (or desirable) completion", List.of(CommonParams.metricBeta(0.1)),
        Set.of(Need.LENGTHS), LOG_RATIO, p -> Pair::nllChosen);
    s.add(new LossSpec(sft.name(), sft.family(), sft.source(), sft.summary(), sft.params(),
        p -> new SftLoss((PairedLoss) sft.factory().apply(p), p.real("beta"))));
    s.add(LossSpec.paired("dpop", F, "Pal et al. 2024, Smaug / DPO-Positive",
        "DPO with a penalty when the chosen log-ratio falls below zero",
        List.of(beta(0.1), CommonParams.weight("dpop_lambda", 50, "weight of the chosen-likelihood penalty")),
        REF, LOG_RATIO,
        p -> {
          double lambda = p.real("dpop_lambda");
          return q -> logSigmoid(q.margin().sub(q.cl().neg().maximum(Ops.k(0)).mul(Ops.k(lambda))).mul(Ops.k(q.beta)))
              .neg();
        }));
    s.add(LossSpec.paired("sppo", F, "Wu et al. 2024, SPPO (soft, estimated win rates)",
        "squared distance of log-ratios to (P - 1/2)/beta", List.of(beta(0.001)),
        Set.of(Need.REFERENCE, Need.SCORES), LOG_RATIO,
        p -> q -> {
          NDArray tc = q.terms.chosenScores().sub(0.5).div(Ops.k(q.beta));
          NDArray tr = q.terms.rejectedScores().sub(0.5).div(Ops.k(q.beta));
          return q.cl().sub(tc).square().add(q.rl().sub(tr).square()).mul(Ops.k(0.5));
        }));
    s.add(LossSpec.paired("modpo", F, "Zhou et al. 2024, MODPO",
        "DPO on one objective with the others' margin rewards folded in",
        List.of(beta(0.1), ParamSpec.reals("modpo_weights", List.of(0.5, 0.5),
            "on the simplex, at least 2, first > 0", DpoFamily::checkSimplex,
            "objective weights: first the trained preference, then one per margin reward")),
        Set.of(Need.REFERENCE, Need.SCORES), LOG_RATIO,
        p -> {
          List<Double> w = p.reals("modpo_weights");
          double[] rest = new double[w.size() - 1];
          for (int i = 1; i < w.size(); i++) rest[i - 1] = w.get(i);
          return q -> {
            NDArray wr = q.terms.anchor().getManager().create(rest).toType(q.terms.anchor().getDataType(), false);
            NDArray rw = q.cl().mul(Ops.k(q.beta)).sub(scoresDot(q.terms.chosenScores(), wr)).div(Ops.k(w.get(0)));
            NDArray rl = q.rl().mul(Ops.k(q.beta)).sub(scoresDot(q.terms.rejectedScores(), wr)).div(Ops.k(w.get(0)));
            return logSigmoid(rw.sub(rl)).neg();
          };
        }));
    return s;
  }

  static PairedLoss.Formula sigmoidFormula(double e) {
    return q -> Pair.smoothedLogistic(Ops.mul(q.ds(), q.beta), e);
  }

  /** Ascending sort over the batch, differentiable (gather by detached indices). */
  static NDArray sorted(NDArray x) {
    return x.get(x.stopGradient().argSort(0, true));
  }

  private static NDArray scoresDot(NDArray margins, NDArray weights) {
    if (margins.getShape().dimension() == 1) margins = margins.expandDims(1);
    if (margins.getShape().get(1) != weights.size()) {
      throw new InvalidLossException("modpo: the data has " + margins.getShape().get(1) + " margin score(s) per "
          + "completion, so modpo_weights needs " + (margins.getShape().get(1) + 1) + " values (1 + one per margin "
          + "score), got " + (weights.size() + 1));
    }
    return margins.mul(weights.expandDims(0)).sum(new int[] {1});
  }

  private static String checkSimplex(List<Double> w) {
    if (w.size() < 2) return "needs at least 2 weights";
    double sum = 0;
    for (double x : w) {
      if (x < 0) return "must be non-negative";
      sum += x;
    }
    if (Math.abs(sum - 1) > 1e-6) return "must sum to 1";
    if (w.get(0) <= 0) return "first weight must be > 0";
    return null;
  }

  static List<ParamSpec> with(List<ParamSpec> base, ParamSpec... more) {
    return ImmutableList.<ParamSpec>builder().addAll(base).add(more).build();
  }
}
