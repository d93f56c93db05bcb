package dev.align4j.core.train;

import dev.align4j.core.config.TrainerConfig;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;

/** Where a run stands, as {@link TrainingListener}s see it: settings, step, data position, models. */
public final class TrainingContext {
  private final TrainerConfig config;
  private final Path runDir;
  private final String configYaml;
  private final int totalSteps;
  private final Path resumedFrom;
  private final Progress progress;
  private final PolicyModel policy;
  private final DataOrder<?> data;
  private final boolean hasEvalData;
  private final Function<TrainingContext, Map<String, Double>> evaluator;
  private final Checkpointer checkpointer;
  private int step;
  private Path lastCheckpoint;
  private boolean stopRequested;

  /** Writes a checkpoint of the run at a step. */
  interface Checkpointer {
    Path save(Path checkpoints, int step);
  }

  TrainingContext(TrainerConfig config, Path runDir, String configYaml, int totalSteps, Path resumedFrom,
      Progress progress, PolicyModel policy, DataOrder<?> data, boolean hasEvalData,
      Function<TrainingContext, Map<String, Double>> evaluator, Checkpointer checkpointer) {
    this.config = config;
    this.runDir = runDir;
    this.configYaml = configYaml;
    this.totalSteps = totalSteps;
    this.resumedFrom = resumedFrom;
    this.progress = progress;
    this.policy = policy;
    this.data = data;
    this.hasEvalData = hasEvalData;
    this.evaluator = evaluator;
    this.checkpointer = checkpointer;
    this.lastCheckpoint = resumedFrom;
  }

  public TrainerConfig config() {
    return config;
  }

  public Path runDir() {
    return runDir;
  }

  /** The resolved config, as {@code config.yaml} holds it. */
  public String configYaml() {
    return configYaml;
  }

  /** The step just finished (0 before the first). */
  public int step() {
    return step;
  }

  public int totalSteps() {
    return totalSteps;
  }

  /** Whether this step is the run's last. */
  public boolean isLastStep() {
    return step == totalSteps;
  }

  /** The checkpoint this run continued from, or null for a fresh run. */
  public Path resumedFrom() {
    return resumedFrom;
  }

  public Progress progress() {
    return progress;
  }

  public PolicyModel policy() {
    return policy;
  }

  /** Epochs of training data consumed so far. */
  public double epoch() {
    return data.epoch();
  }

  public boolean hasEvalData() {
    return hasEvalData;
  }

  /**
   * Loss and metrics over the held-out split ({@code eval_}-prefixed), without touching training state;
   * every listener hears the result through {@link TrainingListener#onEvaluation}.
   */
  public Map<String, Double> evaluate() {
    return evaluator.apply(this);
  }

  /** Writes {@code checkpoints/step-N} for the current step and returns it. */
  public Path saveCheckpoint(Path checkpoints) {
    lastCheckpoint = checkpointer.save(checkpoints, step);
    return lastCheckpoint;
  }

  /** The last checkpoint written (or resumed from); null when none. */
  public Path lastCheckpoint() {
    return lastCheckpoint;
  }

  /** Ends the run after this step, without writing {@code final/} (tests simulate a killed run this way). */
  public void requestStop() {
    stopRequested = true;
  }

  boolean stopRequested() {
    return stopRequested;
  }

  void step(int step) {
    this.step = step;
  }
}
