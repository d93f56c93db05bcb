package dev.align4j.core.train;

import dev.align4j.losses.Need;
import dev.align4j.losses.PreferenceTerms;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a modality provides to the engine: the per-example terms of a batch under the policy and the
 * reference. A new method is a new loss or a new way of producing terms, never a new trainer.
 *
 * @param <E> a training example
 * @param <M> the model type
 */
public interface Modality<E, M extends PolicyModel> {
  /** The modality's name (text, image, ...). */
  String name();

  /**
   * Terms of a batch. Reference terms come from {@code reference} (null when the loss needs none) and must
   * be detached.
   *
   * @param needs what the loss needs beyond policy terms
   * @param training true inside a training step (gradients flow into the policy)
   */
  PreferenceTerms terms(M policy, Reference<M> reference, List<E> batch, Set<Need> needs, boolean training);

  /** Tokens (or other units of work) a batch feeds the model, for the logged throughput; 0 when not counted. */
  default long tokens(List<E> batch) {
    return 0;
  }

  /** Extra held-out measurements at evaluation time (e.g. a checker's score of generations). */
  default Map<String, Double> evaluate(M policy, List<E> eval, long seed) {
    return Map.of();
  }
}
