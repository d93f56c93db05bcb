package dev.align4j.core.train;

import java.util.Map;

/**
 * A concern around the {@link Trainer}'s loop (metrics log, NaN guard, evaluation, checkpoints, reference
 * sync, held-out samples), in the spirit of DJL's {@code TrainingListener}: the loop computes and updates,
 * listeners observe it at fixed points. Listeners run in the order they were added.
 */
public interface TrainingListener {
  /** Before the first step of a fresh or resumed run ({@link TrainingContext#resumedFrom} says which). */
  default void onTrainingBegin(TrainingContext context) {}

  /** After a step's gradients are clipped, before the update: the step's loss and gradient norm. */
  default void beforeUpdate(TrainingContext context, double loss, double gradNorm) {}

  /**
   * After the update of step {@link TrainingContext#step} (1-based).
   *
   * @param metrics the step's averaged metrics ({@code loss}, {@code lr}, {@code grad_norm}, the loss's)
   */
  default void onStepEnd(TrainingContext context, Map<String, Double> metrics) {}

  /** After the held-out split was evaluated at {@link TrainingContext#step} ({@code eval_}-prefixed keys). */
  default void onEvaluation(TrainingContext context, Map<String, Double> metrics) {}

  /** After the last step, before the final model is written. */
  default void onTrainingEnd(TrainingContext context) {}
}
