package dev.align4j.losses;

import ai.djl.ndarray.NDArray;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/** A paired loss: a per-example formula over {@link Pair} quantities, plus the shared modifiers and metrics. */
final class PairedLoss implements PreferenceLoss {
  /** The per-example loss, [B]. */
  @FunctionalInterface
  interface Formula {
    NDArray apply(Pair p);
  }

  /** What the logged implicit rewards are computed from. */
  enum RewardBasis {
    /** beta * (policy - reference): referenced losses; beta * policy when the batch has no reference. */
    LOG_RATIO,
    /** beta * policy: reference-free losses. */
    POLICY,
    /** beta * policy / length: SimPO and ORPO. */
    POLICY_AVERAGE
  }

  private final String name;
  private final Set<Need> needs;
  private final Set<TermKey<?>> keys;
  private final RewardBasis basis;
  private final double beta;
  private final FDivergence f;
  private final double alpha;
  private final PairModifiers modifiers;
  private final Formula formula;

  PairedLoss(String name, Set<Need> needs, RewardBasis basis, Params p, Formula formula) {
    this(name, needs, Set.of(), basis, p, formula);
  }

  /** A paired loss that also reads the keyed terms {@code keys}. */
  PairedLoss(String name, Set<Need> needs, Set<TermKey<?>> keys, RewardBasis basis, Params p, Formula formula) {
    this.name = name;
    this.keys = Set.copyOf(keys);
    this.basis = basis;
    this.beta = p.asMap().containsKey("beta") ? p.real("beta") : 1.0;
    this.f = p.asMap().containsKey("f_divergence_type") ? FDivergence.of(p.choice("f_divergence_type"))
        : FDivergence.REVERSE_KL;
    this.alpha = p.asMap().containsKey("f_alpha_divergence_coef") ? p.real("f_alpha_divergence_coef") : 0.5;
    this.modifiers = new PairModifiers(p);
    this.formula = formula;
    Set<Need> all = EnumSet.noneOf(Need.class);
    all.addAll(needs);
    all.addAll(modifiers.needs());
    this.needs = Set.copyOf(all);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Set<Need> needs() {
    return needs;
  }

  @Override
  public Set<TermKey<?>> keys() {
    return keys;
  }

  @Override
  public LossOutput compute(PreferenceTerms input) {
    input.checkHas(needs, keys, name, true);
    PreferenceTerms terms = modifiers.desensitize(input);
    Pair pair = new Pair(terms, beta, f, alpha);
    NDArray perExample = formula.apply(pair);
    if (modifiers.rpoAlpha != null) {
      perExample = perExample.add(pair.nllChosen().mul(Ops.k(modifiers.rpoAlpha)));
    }
    if (modifiers.useWeighting) {
      perExample = perExample.mul(modifiers.wpoWeights(terms));
    }
    if (terms.weights().isPresent()) {
      perExample = perExample.mul(terms.weights().get());
    }
    return new LossOutput(perExample.mean(), perExample, metrics(pair));
  }

  private Map<String, NDArray> metrics(Pair p) {
    NDArray rc;
    NDArray rr;
    switch (basis) {
      case LOG_RATIO -> {
        boolean ref = p.terms.hasReference();
        rc = ref ? p.cl() : p.pc();
        rr = ref ? p.rl() : p.pr();
      }
      case POLICY -> { rc = p.pc(); rr = p.pr(); }
      default -> { rc = p.ac(); rr = p.ar(); }
    }
    return Metrics.paired(rc.mul(Ops.k(beta)), rr.mul(Ops.k(beta)), p.pc(), p.pr());
  }
}
