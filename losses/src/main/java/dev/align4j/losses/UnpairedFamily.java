package dev.align4j.losses;

import static dev.align4j.losses.CommonParams.beta;

import com.google.common.collect.Range;
import java.util.List;

/** Losses on unpaired completions labelled desirable or undesirable. */
final class UnpairedFamily {
  private UnpairedFamily() {}

  static List<LossSpec> specs() {
    return List.of(
        new LossSpec("kto", LossSpec.Family.UNPAIRED, "Ethayarajh et al. 2024, KTO",
            "prospect-theoretic value of each completion's log-ratio against a KL reference point",
            List.of(beta(0.1),
                ParamSpec.real("desirable_weight", 1.0, Range.greaterThan(0.0), "lambda_D"),
                ParamSpec.real("undesirable_weight", 1.0, Range.greaterThan(0.0), "lambda_U")),
            p -> new KtoLoss("kto", p.real("beta"), p.real("desirable_weight"), p.real("undesirable_weight"), true)),
        new LossSpec("bco", LossSpec.Family.UNPAIRED, "Jung et al. 2024, BCO",
            "binary classifier on beta*log-ratio minus a running reward mean (kept as state)",
            List.of(beta(0.1)), p -> new BcoLoss(p.real("beta"))),
        new LossSpec("diffusion_kto", LossSpec.Family.DIFFUSION, "Li et al. 2024, Diffusion-KTO",
            "KTO on negative denoising errors, reference point from the batch",
            List.of(beta(1000)), p -> new KtoLoss("diffusion_kto", p.real("beta"), 1, 1, false)));
  }
}
