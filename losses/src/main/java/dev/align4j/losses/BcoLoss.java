package dev.align4j.losses;

import static dev.align4j.losses.Ops.logSigmoid;

import ai.djl.ndarray.NDArray;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * BCO (Jung et al. 2024): binary classification of desirable vs undesirable completions by the implicit
 * reward, shifted by a running mean of rewards that this object keeps across batches.
 */
final class BcoLoss implements StatefulLoss {
  private final double beta;
  private double delta;
  private long batches;

  BcoLoss(double beta) {
    this.beta = beta;
  }

  @Override
  public String name() {
    return "bco";
  }

  @Override
  public Set<Need> needs() {
    return Set.of(Need.REFERENCE, Need.LABELS);
  }

  @Override
  public LossOutput compute(PreferenceTerms t) {
    t.checkHas(needs(), name(), false);
    NDArray reward = t.policyChosen().sub(t.refChosen()).mul(Ops.k(beta));
    batches++;
    delta += (Ops.toDouble(reward.mean()) - delta) / batches;
    NDArray shifted = reward.sub(delta);
    NDArray labels = t.labels();
    NDArray perExample = logSigmoid(shifted).mul(labels).add(logSigmoid(shifted.neg()).mul(labels.neg().add(1))).neg();
    if (t.weights().isPresent()) perExample = perExample.mul(t.weights().get());
    Map<String, NDArray> metrics = new LinkedHashMap<>(Metrics.unpaired(reward, t.policyChosen(), labels));
    metrics.put("delta", reward.getManager().create(delta).toType(reward.getDataType(), false));
    return new LossOutput(perExample.mean(), perExample, metrics);
  }

  @Override
  public Map<String, Double> state() {
    return Map.of("delta", delta, "batches", (double) batches);
  }

  @Override
  public void restore(Map<String, Double> state) {
    delta = state.get("delta");
    batches = Math.round(state.get("batches"));
  }
}
