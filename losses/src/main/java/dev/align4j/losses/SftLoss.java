package dev.align4j.losses;

import ai.djl.ndarray.NDArray;
import java.util.Map;
import java.util.Set;

/**
 * Supervised fine-tuning on the preferred completions: the token-mean NLL of the chosen completion for
 * paired data; for unpaired data (no rejected terms), of desirable completions only (undesirable ones
 * contribute 0), so that it combines with KTO or BCO.
 */
final class SftLoss implements PreferenceLoss {
  private final PairedLoss paired;
  private final double beta;

  SftLoss(PairedLoss paired, double beta) {
    this.paired = paired;
    this.beta = beta;
  }

  @Override
  public String name() {
    return "sft";
  }

  @Override
  public Set<Need> needs() {
    return paired.needs();
  }

  @Override
  public LossOutput compute(PreferenceTerms terms) {
    if (!terms.isUnpaired()) return paired.compute(terms);
    NDArray labels = terms.labels();
    NDArray perExample = terms.policyChosen().div(terms.chosenLengths()).neg().mul(labels);
    if (terms.weights().isPresent()) perExample = perExample.mul(terms.weights().get());
    NDArray reward = terms.hasReference() ? terms.policyChosen().sub(terms.refChosen()) : terms.policyChosen();
    Map<String, NDArray> metrics = Metrics.unpaired(reward.mul(Ops.k(beta)), terms.policyChosen(), labels);
    return new LossOutput(perExample.mean(), perExample, metrics);
  }
}
