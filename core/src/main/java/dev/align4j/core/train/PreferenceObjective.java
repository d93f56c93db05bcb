package dev.align4j.core.train;

import dev.align4j.losses.LossOutput;
import dev.align4j.losses.Need;
import dev.align4j.losses.PreferenceLoss;
import dev.align4j.losses.StatefulLoss;
import java.util.List;
import java.util.Map;

/**
 * Preference tuning as an {@link Objective}: the modality turns a batch into terms under the policy and the
 * reference, the preference loss turns the terms into a loss. Stateful losses (BCO's running mean) keep
 * their state through checkpoints.
 *
 * @param <E> a training example
 * @param <M> the model type
 */
public final class PreferenceObjective<E, M extends PolicyModel> implements Objective<E, M> {
  private final Modality<E, M> modality;
  private final Reference<M> reference;
  private final PreferenceLoss loss;

  /** {@code reference} may be null when the loss needs none. */
  public PreferenceObjective(Modality<E, M> modality, Reference<M> reference, PreferenceLoss loss) {
    if (reference == null && loss.needs().contains(Need.REFERENCE)) {
      throw new IllegalArgumentException("loss " + loss.name() + " needs a reference model");
    }
    this.modality = modality;
    this.reference = reference;
    this.loss = loss;
  }

  @Override
  public LossOutput compute(M model, List<E> batch, boolean training) {
    return loss.compute(modality.terms(model, reference, batch, loss.needs(), training));
  }

  @Override
  public long tokens(List<E> batch) {
    return modality.tokens(batch);
  }

  @Override
  public Map<String, Double> evaluate(M model, List<E> eval, long seed) {
    return modality.evaluate(model, eval, seed);
  }

  @Override
  public Map<String, Double> state() {
    return loss instanceof StatefulLoss s ? s.state() : Map.of();
  }

  @Override
  public void restore(Map<String, Double> state) {
    if (loss instanceof StatefulLoss s && state != null && !state.isEmpty()) s.restore(state);
  }
}
