package dev.align4j.losses;

import static dev.align4j.losses.Ops.sigmoid;

import ai.djl.ndarray.NDArray;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * KTO (Ethayarajh et al. 2024) on unpaired completions, and Diffusion-KTO (Li et al. 2024) which uses the
 * batch's own mean log-ratio as the reference point.
 */
final class KtoLoss implements PreferenceLoss {
  private final String name;
  private final double beta;
  private final double desirableWeight;
  private final double undesirableWeight;
  private final boolean useMismatched;

  KtoLoss(String name, double beta, double desirableWeight, double undesirableWeight, boolean useMismatched) {
    this.name = name;
    this.beta = beta;
    this.desirableWeight = desirableWeight;
    this.undesirableWeight = undesirableWeight;
    this.useMismatched = useMismatched;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Set<Need> needs() {
    return Set.of(Need.REFERENCE, Need.LABELS);
  }

  @Override
  public LossOutput compute(PreferenceTerms t) {
    t.checkHas(needs(), name, false);
    NDArray logRatio = t.policyChosen().sub(t.refChosen());
    NDArray labels = t.labels();
    NDArray z = referencePoint(t, logRatio);
    NDArray desirable = sigmoid(logRatio.sub(z).mul(Ops.k(beta))).neg().add(1).mul(Ops.k(desirableWeight));
    NDArray undesirable = sigmoid(z.sub(logRatio).mul(Ops.k(beta))).neg().add(1).mul(Ops.k(undesirableWeight));
    NDArray perExample = desirable.mul(labels).add(undesirable.mul(labels.neg().add(1)));
    if (t.weights().isPresent()) perExample = perExample.mul(t.weights().get());
    Map<String, NDArray> metrics = new LinkedHashMap<>(Metrics.unpaired(logRatio.mul(Ops.k(beta)), t.policyChosen(),
        labels));
    metrics.put("kl", z);
    return new LossOutput(perExample.mean(), perExample, metrics);
  }

  /** z = max(0, mean log-ratio) of mismatched pairs (KTO) or of the batch itself, detached. */
  private NDArray referencePoint(PreferenceTerms t, NDArray logRatio) {
    NDArray source = logRatio;
    if (useMismatched && t.mismatchedPolicy().isPresent() && t.mismatchedReference().isPresent()) {
      source = t.mismatchedPolicy().get().sub(t.mismatchedReference().get());
    }
    return source.mean().maximum(Ops.k(0)).stopGradient();
  }
}
