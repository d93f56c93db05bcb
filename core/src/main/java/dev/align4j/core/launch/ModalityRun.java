package dev.align4j.core.launch;

import dev.align4j.core.config.TrainableConfig;
import dev.align4j.core.train.Modality;
import dev.align4j.core.train.NamedParameter;
import dev.align4j.core.train.PolicyModel;
import dev.align4j.core.train.Reference;
import dev.align4j.core.train.Trainer;
import dev.align4j.core.train.TrainingListener;
import dev.align4j.core.util.UserError;
import dev.align4j.losses.Need;
import dev.align4j.losses.PreferenceLoss;
import java.util.List;
import java.util.function.Predicate;

/**
 * What a {@link ModalityProvider} opened for one run: the policy, the data, the modality that turns batches
 * into terms, and the few hooks where a modality differs (LoRA, precomputed references, what it writes
 * around training). Everything else is the {@link Launcher}'s.
 *
 * @param <E> a training example
 * @param <M> the model type
 */
public interface ModalityRun<E, M extends PolicyModel> extends AutoCloseable {
  /** The model being tuned (the reference starts as it is now). */
  M policy();

  /** The terms of a batch. */
  Modality<E, M> modality();

  List<E> train();

  List<E> eval();

  /** This modality's sections with defaults filled in, for {@code config.yaml} (a record, or null). */
  Object resolvedSections();

  /** Attaches LoRA adapters ({@code trainable.mode: lora}). */
  default void applyLora(TrainableConfig trainable, long seed) {
    throw new UserError("config: trainable.mode lora is not supported by this modality");
  }

  /**
   * Trains the policy's parameters whose names pass {@code trains} and freezes the rest; a model that keeps its
   * own record of what it tunes (a TorchScript module saving only its tuned values) overrides this.
   */
  default void selectTrainable(Predicate<String> trains) {
    for (NamedParameter p : policy().parameters()) p.array().setRequiresGradient(trains.test(p.name()));
  }

  /** Parameters that train whatever {@code trainable:} says (a reward head). */
  default boolean alwaysTrains(String parameterName) {
    return false;
  }

  /** Whether the loss needs a reference model here. */
  default boolean needsReference(PreferenceLoss loss) {
    return loss.needs().contains(Need.REFERENCE);
  }

  /** {@code reference.mode: precomputed}: reference terms computed once, from the policy as it is now. */
  default Reference<M> precomputedReference(PreferenceLoss loss) {
    throw new UserError("config: reference.mode precomputed is not supported by this modality; use frozen_copy");
  }

  /** The banner's subject ({@code text}, {@code image}, ...). */
  default String subject() {
    return modality().name();
  }

  /** Banner text between the device and the example counts ({@code model shapes-unet (32px), }). */
  default String bannerDetail() {
    return "";
  }

  /** What the banner counts ({@code examples}, {@code pairs}). */
  default String unit() {
    return "examples";
  }

  /** The banner's loss ({@code loss sigmoid}). */
  default String lossLabel(PreferenceLoss loss) {
    return "loss " + loss.name();
  }

  /** Listeners this modality adds around the loop. */
  default List<TrainingListener> listeners() {
    return List.of();
  }

  /** Work before the banner and the first step (sample grids of the starting model, ...). */
  default void beforeTraining(LaunchContext context) {}

  /**
   * Work after the last step: writes what people look at (the summary lines are the provider's).
   *
   * @return what the run produced beyond the engine's result (an exported model, sample grids), or null
   */
  Object finish(LaunchContext context, Trainer.Result result);

  @Override
  void close();
}
