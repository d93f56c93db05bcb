package dev.align4j.losses;

import ai.djl.ndarray.NDArray;

/**
 * The quantities paired formulas are written in (docs/losses.md): log-ratios {@code cl, rl}, their
 * f-divergence scores {@code sc, sr}, length-normalised log-probs, and the loss's beta.
 */
final class Pair {
  final PreferenceTerms terms;
  final double beta;
  private final FDivergence f;
  private final double alpha;

  Pair(PreferenceTerms terms, double beta, FDivergence f, double alpha) {
    this.terms = terms;
    this.beta = beta;
    this.f = f;
    this.alpha = alpha;
  }

  NDArray pc() { return terms.policyChosen(); }
  NDArray pr() { return terms.policyRejected(); }
  NDArray cl() { return terms.policyChosen().sub(terms.refChosen()); }
  NDArray rl() { return terms.policyRejected().sub(terms.refRejected()); }
  /** D = cl - rl. */
  NDArray margin() { return cl().sub(rl()); }
  NDArray sc() { return f.apply(cl(), alpha); }
  NDArray sr() { return f.apply(rl(), alpha); }
  /** Ds = f(cl) - f(rl). */
  NDArray ds() { return sc().sub(sr()); }
  NDArray lenC() { return terms.chosenLengths(); }
  NDArray lenR() { return terms.rejectedLengths(); }
  /** Average chosen log-prob pc / |y_w|. */
  NDArray ac() { return pc().div(lenC()); }
  /** Average rejected log-prob pr / |y_l|. */
  NDArray ar() { return pr().div(lenR()); }
  /** Token-mean NLL of the chosen completion, -pc / |y_w|. */
  NDArray nllChosen() { return ac().neg(); }

  /** Label-smoothed logistic loss -(1-e) ls(x) - e ls(-x). */
  static NDArray smoothedLogistic(NDArray x, double e) {
    NDArray loss = Ops.mul(Ops.logSigmoid(x), -(1 - e));
    return e == 0 ? loss : loss.sub(Ops.mul(Ops.logSigmoid(x.neg()), e));
  }
}
