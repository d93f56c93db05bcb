package dev.align4j.losses;

import static dev.align4j.losses.CommonParams.beta;

import com.google.common.collect.Range;
import java.util.List;

/** Losses over ranked or scored lists of candidates. */
final class ListwiseFamily {
  private ListwiseFamily() {}

  private static ParamSpec alpha() {
    return ParamSpec.real("alpha", 1.0, Range.greaterThan(0.0), "temperature of the reward softmax");
  }

  static List<LossSpec> specs() {
    return List.of(
        new LossSpec("lipo_lambda", LossSpec.Family.LISTWISE, "Liu et al. 2024, LiPO-lambda",
            "lambda-weighted pairwise logistic losses over a ranked list", List.of(beta(0.1)),
            p -> new ListwiseLoss("lipo_lambda", p.real("beta"), ListwiseLoss::lipoLambda)),
        new LossSpec("rank_dpo", LossSpec.Family.DIFFUSION, "Karthik et al. 2024, RankDPO (weights unverified)",
            "LiPO-lambda on negative denoising errors of ranked images", List.of(beta(5000)),
            p -> new ListwiseLoss("rank_dpo", p.real("beta"), ListwiseLoss::lipoLambda)),
        new LossSpec("infonca", LossSpec.Family.LISTWISE, "Chen et al. 2024, InfoNCA",
            "cross-entropy between softmax(reward/alpha) and softmax(beta log-ratio)", List.of(beta(0.1), alpha()),
            p -> new ListwiseLoss("infonca", p.real("beta"), ListwiseLoss.infoNca(p.real("alpha")))),
        new LossSpec("nca", LossSpec.Family.LISTWISE, "Chen et al. 2024, NCA",
            "reward-weighted absolute likelihood of each candidate", List.of(beta(0.1), alpha()),
            p -> new ListwiseLoss("nca", p.real("beta"), ListwiseLoss.nca(p.real("alpha")))));
  }
}
