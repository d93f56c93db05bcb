package dev.align4j.core.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import dev.align4j.core.config.TrainerConfig;
import dev.align4j.core.util.FileTrees;
import dev.align4j.core.util.UserError;
import dev.align4j.losses.LossOutput;
import dev.align4j.losses.PreferenceLoss;
import dev.align4j.losses.Scalars;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The one training loop every modality shares: gradient accumulation, global-norm clipping, AdamW, the
 * learning-rate schedule, logging, evaluation, checkpoints, exact resume and a NaN guard. What it minimises
 * is an {@link Objective}: preference tuning ({@link PreferenceObjective}) or reward-model training.
 *
 * @param <E> a training example
 * @param <M> the model type
 */
public final class Trainer<E, M extends PolicyModel> {
  /** Optional knobs around the loop. */
  public record Options(boolean syncReference, int syncSteps, double syncAlpha, Integer stopAfterStep,
      java.util.function.IntConsumer afterStep) {
    public Options(boolean syncReference, int syncSteps, double syncAlpha, Integer stopAfterStep) {
      this(syncReference, syncSteps, syncAlpha, stopAfterStep, step -> { });
    }

    public static Options defaults() {
      return new Options(false, 512, 0.6, null);
    }
  }

  /** What a run ended with. */
  public record Result(int steps, Path finalDir, Map<String, Double> lastMetrics, Map<String, Double> lastEval) {}

  private final TrainerConfig cfg;
  private final Objective<E, M> objective;
  private final M policy;
  private final Reference<M> reference;
  private final List<NamedParameter> trainable;
  private final List<E> train;
  private final List<E> eval;
  private final Path runDir;
  private final String configYaml;
  private final Options options;
  private final AdamW optimizer;

  /** Preference tuning: the modality's terms under policy and reference, fed to {@code loss}. */
  public Trainer(TrainerConfig cfg, Modality<E, M> modality, M policy, Reference<M> reference,
      PreferenceLoss loss, List<NamedParameter> trainable, List<E> train, List<E> eval, Path runDir,
      String configYaml, Options options, ai.djl.ndarray.NDManager optimizerManager) {
    this(cfg, new PreferenceObjective<>(modality, reference, loss), policy, reference, trainable, train, eval, runDir,
        configYaml, options, optimizerManager);
  }

  /** Any objective over a model without a reference (reward models, ...). */
  public Trainer(TrainerConfig cfg, Objective<E, M> objective, M policy, List<NamedParameter> trainable,
      List<E> train, List<E> eval, Path runDir, String configYaml, Options options,
      ai.djl.ndarray.NDManager optimizerManager) {
    this(cfg, objective, policy, null, trainable, train, eval, runDir, configYaml, options, optimizerManager);
  }

  private Trainer(TrainerConfig cfg, Objective<E, M> objective, M policy, Reference<M> reference,
      List<NamedParameter> trainable, List<E> train, List<E> eval, Path runDir, String configYaml, Options options,
      ai.djl.ndarray.NDManager optimizerManager) {
    this.cfg = cfg;
    this.objective = objective;
    this.policy = policy;
    this.reference = reference;
    this.trainable = List.copyOf(trainable);
    this.train = train;
    this.eval = eval;
    this.runDir = runDir;
    this.configYaml = configYaml;
    this.options = options;
    this.optimizer = new AdamW(optimizerManager, cfg.adamBeta1(), cfg.adamBeta2(), cfg.adamEpsilon(), cfg.weightDecay());
    if (trainable.isEmpty()) throw new UserError("no trainable parameters (check trainable.mode / filter)");
    if (options.syncReference() && reference == null) {
      throw new IllegalArgumentException("sync_ref_model needs a reference model");
    }
  }

  /** Trains from scratch, or from {@code resumeFrom} (a checkpoint directory) when not null. */
  public Result train(Path resumeFrom, Progress progress) {
    int total = cfg.totalSteps(train.size());
    LrSchedule schedule = new LrSchedule(cfg.lrSchedulerType(), cfg.learningRate(), cfg.warmup(total), total);
    DataOrder<E> data = new DataOrder<>(train, cfg.seed());
    MetricsLog metrics = new MetricsLog(runDir.resolve("metrics.jsonl"));
    MetricsLog evalLog = new MetricsLog(runDir.resolve("eval.jsonl"));
    Path checkpoints = runDir.resolve("checkpoints");
    int step = 0;
    try {
      Files.createDirectories(checkpoints);
      Files.writeString(runDir.resolve("config.yaml"), configYaml);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (resumeFrom != null) {
      Checkpoint.State s = Checkpoint.load(resumeFrom, policy, syncedReference(), optimizer);
      step = s.step();
      data.seek(s.examplesConsumed());
      if (s.lossState() != null && !s.lossState().isEmpty()) objective.restore(s.lossState());
      metrics.truncateAfter(step);
      evalLog.truncateAfter(step);
      progress.message("resumed from " + resumeFrom + " at step " + step + "/" + total);
    }
    if (resumeFrom == null) {
      metrics.reset();
      evalLog.reset();
    }
    if (resumeFrom == null && evaluatesStartingPolicy(cfg, !eval.isEmpty())) {
      // Step 0 is the starting policy (the reference): the baseline every later evaluation is read against.
      logEval(evalLog, 0, progress);
    }
    Map<String, Double> window = new LinkedHashMap<>();
    int windowSteps = 0;
    long windowStart = System.nanoTime();
    Map<String, Double> lastMetrics = Map.of();
    Map<String, Double> lastEval = Map.of();
    Path lastGood = resumeFrom;
    while (step < total) {
      // Per-step seeding: any engine randomness (noise, dropout) is a function of (seed, step), so a
      // resumed run draws exactly what the uninterrupted run drew.
      Engine.getInstance().setRandomSeed((int) (cfg.seed() * 31 + step));
      double lr = schedule.at(step);
      Map<String, Double> stepMetrics = accumulate(data);
      double gradNorm = GradientClipping.clip(trainable, cfg.maxGradNorm());
      double stepLoss = stepMetrics.get("loss");
      if (!Double.isFinite(stepLoss) || !Double.isFinite(gradNorm)) {
        throw new UserError(String.format("step %d: %s is %s; training stopped%s. Lower trainer.learning_rate "
            + "or check the data.", step + 1, Double.isFinite(stepLoss) ? "the gradient norm" : "the loss",
            Double.isFinite(stepLoss) ? gradNorm : stepLoss,
            lastGood == null ? " (no checkpoint yet)" : "; the last good checkpoint is " + lastGood));
      }
      optimizer.step(trainable, lr);
      zeroGradients();
      step++;
      if (options.syncReference() && step % options.syncSteps() == 0) reference.sync(policy, options.syncAlpha());
      stepMetrics.put("lr", lr);
      stepMetrics.put("grad_norm", gradNorm);
      stepMetrics.forEach((k, v) -> window.merge(k, v, Double::sum));
      windowSteps++;
      boolean log = step % cfg.loggingSteps() == 0 || step == total;
      if (log) {
        double seconds = (System.nanoTime() - windowStart) / 1e9;
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("step", step);
        line.put("epoch", round(data.epoch()));
        int n = windowSteps;
        Double tokens = window.remove("tokens");
        window.forEach((k, v) -> line.put(k, v / n));
        line.put("samples_per_s", round(n * (double) cfg.trainBatchSize() * cfg.gradientAccumulationSteps() / seconds));
        line.put("steps_per_s", round(n / seconds));
        if (tokens != null) line.put("tokens_per_s", round(tokens / seconds));
        metrics.append(line);
        Map<String, Double> logged = new LinkedHashMap<>();
        window.forEach((k, v) -> logged.put(k, v / n));
        lastMetrics = logged;
        window.clear();
        windowSteps = 0;
        windowStart = System.nanoTime();
      }
      progress.update(step, stepLoss, stepMetrics.getOrDefault("rewards/accuracies", Double.NaN), log);
      boolean evalNow = !eval.isEmpty() && ((cfg.evalSteps() > 0 && step % cfg.evalSteps() == 0) || step == total);
      if (evalNow) lastEval = logEval(evalLog, step, progress);
      if (step % cfg.saveSteps() == 0 || step == total) {
        lastGood = save(checkpoints, step, data);
      }
      options.afterStep().accept(step);
      if (Objects.equals(options.stopAfterStep(), step)) {
        return new Result(step, null, lastMetrics, lastEval);
      }
    }
    Path finalDir = runDir.resolve("final");
    try {
      Path tmp = runDir.resolve(".tmp-final-" + System.nanoTime());
      policy.save(tmp);
      if (Files.exists(finalDir)) FileTrees.deleteTree(finalDir);
      Files.move(tmp, finalDir, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Result(step, finalDir, lastMetrics, lastEval);
  }

  private Map<String, Double> logEval(MetricsLog evalLog, int step, Progress progress) {
    Map<String, Double> result = evaluate(step);
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("step", step);
    line.putAll(result);
    evalLog.append(line);
    StringBuilder text = new StringBuilder(String.format("eval step %d: loss %.4f", step, result.get("eval_loss")));
    if (result.containsKey("eval_rewards/accuracies")) {
      text.append(String.format(", accuracy %.3f", result.get("eval_rewards/accuracies")));
    }
    result.forEach((k, v) -> {
      if (!k.startsWith("eval_rewards/") && !k.startsWith("eval_logps/") && !k.equals("eval_loss")) {
        text.append(String.format(", %s %.3f", k.substring("eval_".length()), v));
      }
    });
    progress.message(text.toString());
    return result;
  }

  /** Forward and backward over gradient_accumulation_steps micro-batches; returns averaged metrics. */
  private Map<String, Double> accumulate(DataOrder<E> data) {
    int micro = cfg.gradientAccumulationSteps();
    Map<String, Double> sums = new LinkedHashMap<>();
    long tokens = 0;
    for (int i = 0; i < micro; i++) {
      List<E> batch = data.next(cfg.trainBatchSize());
      tokens += objective.tokens(batch);
      try (NDScope scope = new NDScope()) {
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
          LossOutput out = objective.compute(policy, batch, true);
          gc.backward(out.loss().div(Scalars.of(micro)));
          add(sums, out);
        }
      }
    }
    Map<String, Double> mean = new LinkedHashMap<>();
    sums.forEach((k, v) -> mean.put(k, v / micro));
    if (tokens > 0) mean.put("tokens", (double) tokens);
    return mean;
  }

  /**
   * Whether a fresh run evaluates the starting policy (step 0) before training: with eval data and
   * {@code eval_steps > 0}. (With eval data it always evaluates after the last step.)
   */
  public static boolean evaluatesStartingPolicy(TrainerConfig cfg, boolean hasEvalData) {
    return hasEvalData && cfg.evalSteps() > 0;
  }

  /** Loss and metrics over the held-out split, without touching state (BCO's running mean included). */
  private Map<String, Double> evaluate(int step) {
    Map<String, Double> savedState = objective.state();
    Map<String, Double> sums = new LinkedHashMap<>();
    int batches = 0;
    for (int start = 0; start < eval.size(); start += cfg.evalBatchSize()) {
      List<E> batch = eval.subList(start, Math.min(eval.size(), start + cfg.evalBatchSize()));
      try (NDScope scope = new NDScope()) {
        add(sums, objective.compute(policy, batch, false));
      }
      batches++;
    }
    objective.restore(savedState);
    Map<String, Double> out = new LinkedHashMap<>();
    int n = batches;
    sums.forEach((k, v) -> out.put("eval_" + k, v / n));
    objective.evaluate(policy, eval, cfg.seed() + step).forEach((k, v) -> out.put("eval_" + k, v));
    return out;
  }

  private Path save(Path checkpoints, int step, DataOrder<E> data) {
    Map<String, Double> lossState = objective.state();
    Path dir = Checkpoint.save(checkpoints, new Checkpoint.State(step, data.consumed(), lossState), policy,
        syncedReference(), optimizer, configYaml);
    Checkpoint.prune(checkpoints, cfg.saveTotalLimit());
    return dir;
  }

  /** The reference copy, when TR-DPO moves it and a checkpoint must therefore hold it. */
  private PolicyModel syncedReference() {
    return options.syncReference() ? reference.copy() : null;
  }

  private void zeroGradients() {
    try (NDScope scope = new NDScope()) {
      for (NamedParameter p : trainable) {
        NDArray g = p.array().getGradient();
        g.subi(g);
      }
    }
  }

  private static void add(Map<String, Double> sums, LossOutput out) {
    sums.merge("loss", scalar(out.loss()), Double::sum);
    out.metrics().forEach((k, v) -> sums.merge(k, scalar(v), Double::sum));
  }

  private static double scalar(NDArray a) {
    return a.toType(DataType.FLOAT64, false).getDouble();
  }

  private static double round(double x) {
    return Math.round(x * 1e4) / 1e4;
  }
}
