package dev.align4j.core.train;

import dev.align4j.losses.LossOutput;
import java.util.List;
import java.util.Map;

/**
 * What the {@link Trainer} minimises: a batch of examples and the model in, a scalar loss and detached
 * metrics out. Preference tuning is one objective ({@link PreferenceObjective}: a modality's terms fed to a
 * preference loss); reward-model training (contrastive, pairwise) is another. Either way the engine does
 * the rest alike: accumulation, clipping, AdamW, schedules, evaluation, checkpoints, exact resume.
 *
 * @param <E> a training example
 * @param <M> the model type
 */
public interface Objective<E, M extends PolicyModel> {
  /**
   * The loss of a batch and its metrics (detached scalars keyed by name).
   *
   * @param training true inside a training step (gradients flow into the model)
   */
  LossOutput compute(M model, List<E> batch, boolean training);

  /** Tokens (or other units of work) a batch feeds the model, for the logged throughput; 0 when not counted. */
  default long tokens(List<E> batch) {
    return 0;
  }

  /** Extra held-out measurements at evaluation time (e.g. a checker's score, a pairwise accuracy). */
  default Map<String, Double> evaluate(M model, List<E> eval, long seed) {
    return Map.of();
  }

  /** State the objective carries across steps (a loss's running mean), saved in checkpoints; empty if none. */
  default Map<String, Double> state() {
    return Map.of();
  }

  /** Restores what {@link #state} returned. */
  default void restore(Map<String, Double> state) {}
}
