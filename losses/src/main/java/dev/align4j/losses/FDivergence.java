package dev.align4j.losses;

import ai.djl.ndarray.NDArray;
import java.util.List;

/**
 * TRL's f-divergence option: maps each log-ratio x to the score the losses compare. Exponents are clamped
 * at 80 so that huge gaps stay finite.
 */
enum FDivergence {
  REVERSE_KL("reverse_kl"),
  FORWARD_KL("forward_kl"),
  JS_DIVERGENCE("js_divergence"),
  ALPHA_DIVERGENCE("alpha_divergence");

  static final List<String> NAMES = List.of("reverse_kl", "forward_kl", "js_divergence", "alpha_divergence");
  private static final double MAX_EXPONENT = 80;

  final String key;

  FDivergence(String key) {
    this.key = key;
  }

  static FDivergence of(String key) {
    for (FDivergence f : values()) {
      if (f.key.equals(key)) return f;
    }
    throw new IllegalArgumentException("unknown f_divergence_type " + key);
  }

  NDArray apply(NDArray x, double alpha) {
    return switch (this) {
      case REVERSE_KL -> x;
      case FORWARD_KL -> x.neg().minimum(Ops.k(MAX_EXPONENT)).exp().neg();
      case JS_DIVERGENCE -> Ops.logSigmoid(x);
      case ALPHA_DIVERGENCE -> x.mul(Ops.k(alpha - 1)).minimum(Ops.k(MAX_EXPONENT)).exp().div(Ops.k(alpha - 1));
    };
  }
}
