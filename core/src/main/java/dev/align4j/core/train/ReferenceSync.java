package dev.align4j.core.train;

import java.util.Map;

/**
 * TR-DPO's reference update: every {@code steps} steps the frozen-copy reference moves to
 * {@code alpha * policy + (1 - alpha) * reference} (TRL's {@code sync_ref_model}, {@code ref_model_sync_steps},
 * {@code ref_model_mixup_alpha}).
 *
 * @param <M> the model type
 */
final class ReferenceSync<M extends PolicyModel> implements TrainingListener {
  private final M policy;
  private final Reference<M> reference;
  private final int steps;
  private final double alpha;

  ReferenceSync(M policy, Reference<M> reference, int steps, double alpha) {
    this.policy = policy;
    this.reference = reference;
    this.steps = steps;
    this.alpha = alpha;
  }

  @Override
  public void onStepEnd(TrainingContext c, Map<String, Double> metrics) {
    if (c.step() % steps == 0) reference.sync(policy, alpha);
  }
}
