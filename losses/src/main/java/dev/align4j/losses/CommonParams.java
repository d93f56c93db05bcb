package dev.align4j.losses;

import com.google.common.collect.Range;
import java.util.List;

/** Parameter specs shared by many losses, named as in TRL's DPOConfig. */
final class CommonParams {
  private CommonParams() {}

  static final ParamSpec F_DIVERGENCE = ParamSpec.choice("f_divergence_type", "reverse_kl", FDivergence.NAMES,
      "maps each log-ratio before the loss compares them");
  static final ParamSpec F_ALPHA = ParamSpec.realExcept("f_alpha_divergence_coef", 0.5, 1.0,
      "alpha of the alpha-divergence");

  static ParamSpec beta(double defaultValue) {
    return ParamSpec.real("beta", defaultValue, Range.greaterThan(0.0),
        "inverse temperature: how far the policy may move from the reference");
  }

  /** beta of a loss whose formula has none: it only scales the logged rewards. */
  static ParamSpec metricBeta(double defaultValue) {
    return ParamSpec.real("beta", defaultValue, Range.greaterThan(0.0), "scales the logged rewards only");
  }

  static ParamSpec labelSmoothing(double defaultValue, Range<Double> range) {
    return ParamSpec.real("label_smoothing", defaultValue, range, "assumed probability that a label is flipped");
  }

  /** beta plus the f-divergence option. */
  static List<ParamSpec> betaF(double beta) {
    return List.of(beta(beta), F_DIVERGENCE, F_ALPHA);
  }

  static ParamSpec weight(String name, double defaultValue, String doc) {
    return ParamSpec.real(name, defaultValue, Range.atLeast(0.0), doc);
  }
}
