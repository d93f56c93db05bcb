package dev.align4j.core.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import com.google.common.base.Preconditions;
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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one training loop every modality shares: gradient accumulation, global-norm clipping, AdamW, the
 * learning-rate schedule and exact resume. Everything around the loop is a {@link TrainingListener}: the
 * metrics log, the NaN guard, evaluation, checkpoints, TR-DPO's reference sync, and whatever a run adds.
 * What it minimises is an {@link Objective}: preference tuning ({@link PreferenceObjective}) or
 * reward-model training. Build one with {@link #preference} or {@link #objective}.
 *
 * @param <E> a training example
 * @param <M> the model type
 */
public final class Trainer<E, M extends PolicyModel> {
  /** What a run ended with. */
  public record Result(int steps, Path finalDir, Map<String, Double> lastMetrics, Map<String, Double> lastEval) {}

  private final TrainerConfig cfg;
  private final Objective<E, M> objective;
  private final M policy;
  private final Reference<M> reference;
  private final boolean syncReference;
  private final List<NamedParameter> trainable;
  private final List<E> train;
  private final List<E> eval;
  private final Path runDir;
  private final String configYaml;
  private final AdamW optimizer;
  private final MetricsListener metrics;
  private final EvaluationListener evaluation;
  private final List<TrainingListener> listeners;

  private Trainer(Builder<E, M> b) {
    this.cfg = b.cfg;
    this.policy = b.policy;
    this.reference = b.reference;
    this.objective = b.objective != null ? b.objective : new PreferenceObjective<>(b.modality, b.reference, b.loss);
    this.syncReference = b.syncSteps != null;
    this.trainable = List.copyOf(b.trainable != null ? b.trainable : policy.parameters());
    this.train = b.train;
    this.eval = b.eval;
    this.runDir = Preconditions.checkNotNull(b.runDir, "runDir");
    this.configYaml = b.configYaml;
    NDManager manager = b.optimizerManager != null ? b.optimizerManager
        : trainable.isEmpty() ? null : trainable.get(0).array().getManager();
    if (trainable.isEmpty()) throw new UserError("no trainable parameters (check trainable.mode / filter)");
    this.optimizer = new AdamW(manager, cfg.adamBeta1(), cfg.adamBeta2(), cfg.adamEpsilon(), cfg.weightDecay());
    if (syncReference && (reference == null || reference.mode() != Reference.Mode.FROZEN_COPY)) {
      throw new IllegalArgumentException("sync_ref_model needs a frozen-copy reference model");
    }
    this.metrics = new MetricsListener();
    this.evaluation = new EvaluationListener();
    List<TrainingListener> all = new ArrayList<>();
    if (syncReference) all.add(new ReferenceSync<>(policy, reference, b.syncSteps, b.syncAlpha));
    all.add(new NanGuard());
    all.add(metrics);
    all.add(evaluation);
    all.add(new CheckpointListener());
    all.addAll(b.listeners);
    if (b.stopAfterStep != null) all.add(stopAfter(b.stopAfterStep));
    this.listeners = List.copyOf(all);
  }

  /** Preference tuning: the modality's terms under policy and reference (set with the builder), fed to {@code loss}. */
  public static <E, M extends PolicyModel> Builder<E, M> preference(TrainerConfig cfg, Modality<E, M> modality,
      PreferenceLoss loss, M policy) {
    Builder<E, M> b = new Builder<>(cfg, policy);
    b.modality = Preconditions.checkNotNull(modality, "modality");
    b.loss = Preconditions.checkNotNull(loss, "loss");
    return b;
  }

  /** Any objective over a model without a reference (reward models, ...). */
  public static <E, M extends PolicyModel> Builder<E, M> objective(TrainerConfig cfg, Objective<E, M> objective,
      M policy) {
    Builder<E, M> b = new Builder<>(cfg, policy);
    b.objective = Preconditions.checkNotNull(objective, "objective");
    return b;
  }

  /** Trains from scratch, or from {@code resumeFrom} (a checkpoint directory) when not null. */
  public Result train(Path resumeFrom, Progress progress) {
    int total = cfg.totalSteps(train.size());
    LrSchedule schedule = new LrSchedule(cfg.lrSchedulerType(), cfg.learningRate(), cfg.warmup(total), total);
    DataOrder<E> data = new DataOrder<>(train, cfg.seed());
    try {
      Files.createDirectories(runDir);
      Files.writeString(runDir.resolve("config.yaml"), configYaml);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    TrainingContext ctx = new TrainingContext(cfg, runDir, configYaml, total, resumeFrom, progress, policy, data,
        !eval.isEmpty(), this::evaluate, (dir, step) -> save(dir, step, data));
    if (resumeFrom != null) {
      Checkpoint.State s = Checkpoint.load(resumeFrom, policy, syncedReference(), optimizer);
      ctx.step(s.step());
      data.seek(s.examplesConsumed());
      if (s.lossState() != null && !s.lossState().isEmpty()) objective.restore(s.lossState());
      progress.message("resumed from " + resumeFrom + " at step " + s.step() + "/" + total);
    }
    listeners.forEach(l -> l.onTrainingBegin(ctx));
    while (ctx.step() < total) {
      int step = ctx.step();
      // Per-step seeding: any engine randomness (noise, dropout) is a function of (seed, step), so a
      // resumed run draws exactly what the uninterrupted run drew.
      Engine.getInstance().setRandomSeed((int) (cfg.seed() * 31 + step));
      double lr = schedule.at(step);
      Map<String, Double> stepMetrics = accumulate(data);
      double gradNorm = GradientClipping.clip(trainable, cfg.maxGradNorm());
      double stepLoss = stepMetrics.get("loss");
      listeners.forEach(l -> l.beforeUpdate(ctx, stepLoss, gradNorm));
      optimizer.step(trainable, lr);
      zeroGradients();
      ctx.step(step + 1);
      stepMetrics.put("lr", lr);
      stepMetrics.put("grad_norm", gradNorm);
      listeners.forEach(l -> l.onStepEnd(ctx, stepMetrics));
      if (ctx.stopRequested()) return new Result(ctx.step(), null, metrics.last(), evaluation.last());
    }
    listeners.forEach(l -> l.onTrainingEnd(ctx));
    Path finalDir = runDir.resolve("final");
    try {
      Path tmp = runDir.resolve(".tmp-final-" + System.nanoTime());
      policy.save(tmp);
      if (Files.exists(finalDir)) FileTrees.deleteTree(finalDir);
      Files.move(tmp, finalDir, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Result(ctx.step(), finalDir, metrics.last(), evaluation.last());
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

  /**
   * Loss and metrics over the held-out split, without touching state (BCO's running mean included).
   */
  private Map<String, Double> measure(int step) {
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

  /** Runs an evaluation at the context's step and tells every listener. */
  private Map<String, Double> evaluate(TrainingContext ctx) {
    Map<String, Double> result = measure(ctx.step());
    listeners.forEach(l -> l.onEvaluation(ctx, result));
    return result;
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
    return syncReference ? reference.copy() : null;
  }

  private void zeroGradients() {
    try (NDScope scope = new NDScope()) {
      for (NamedParameter p : trainable) {
        NDArray g = p.array().getGradient();
        g.subi(g);
      }
    }
  }

  private static TrainingListener stopAfter(int step) {
    return new TrainingListener() {
      @Override
      public void onStepEnd(TrainingContext context, Map<String, Double> metrics) {
        if (context.step() == step) context.requestStop();
      }
    };
  }

  private static void add(Map<String, Double> sums, LossOutput out) {
    sums.merge("loss", scalar(out.loss()), Double::sum);
    out.metrics().forEach((k, v) -> sums.merge(k, scalar(v), Double::sum));
  }

  private static double scalar(NDArray a) {
    return a.toType(DataType.FLOAT64, false).getDouble();
  }

  /**
   * A trainer's settings, in the spirit of DJL's {@code DefaultTrainingConfig}: what trains on what, where
   * the run lives, and the listeners around the loop.
   *
   * @param <E> a training example
   * @param <M> the model type
   */
  public static final class Builder<E, M extends PolicyModel> {
    private final TrainerConfig cfg;
    private final M policy;
    private Modality<E, M> modality;
    private PreferenceLoss loss;
    private Objective<E, M> objective;
    private Reference<M> reference;
    private List<NamedParameter> trainable;
    private List<E> train = List.of();
    private List<E> eval = List.of();
    private Path runDir;
    private String configYaml = "";
    private NDManager optimizerManager;
    private Integer syncSteps;
    private double syncAlpha;
    private Integer stopAfterStep;
    private final List<TrainingListener> listeners = new ArrayList<>();

    private Builder(TrainerConfig cfg, M policy) {
      this.cfg = Preconditions.checkNotNull(cfg, "cfg");
      this.policy = Preconditions.checkNotNull(policy, "policy");
    }

    /** The reference model (null: the loss needs none). */
    public Builder<E, M> reference(Reference<M> reference) {
      Preconditions.checkState(objective == null, "a reference belongs to preference tuning");
      this.reference = reference;
      return this;
    }

    /** The parameters that train (default: all of the policy's). */
    public Builder<E, M> trainable(List<NamedParameter> trainable) {
      this.trainable = trainable;
      return this;
    }

    /** Training and held-out examples. */
    public Builder<E, M> data(List<E> train, List<E> eval) {
      this.train = Preconditions.checkNotNull(train, "train");
      this.eval = eval == null ? List.of() : eval;
      return this;
    }

    /** The run directory: {@code config.yaml}, {@code metrics.jsonl}, {@code eval.jsonl}, checkpoints, final. */
    public Builder<E, M> runDir(Path runDir) {
      this.runDir = runDir;
      return this;
    }

    /** The resolved config, written to {@code config.yaml} and into every checkpoint. */
    public Builder<E, M> configYaml(String configYaml) {
      this.configYaml = configYaml;
      return this;
    }

    /** Where AdamW keeps its moments (default: the first trainable parameter's manager). */
    public Builder<E, M> optimizerManager(NDManager manager) {
      this.optimizerManager = manager;
      return this;
    }

    /**
     * TR-DPO: every {@code steps} steps the frozen-copy reference moves to {@code alpha * policy +
     * (1 - alpha) * reference}; checkpoints then hold the reference too.
     */
    public Builder<E, M> referenceSync(int steps, double alpha) {
      Preconditions.checkArgument(steps > 0, "sync steps must be > 0");
      this.syncSteps = steps;
      this.syncAlpha = alpha;
      return this;
    }

    /** Ends the run after this step without writing {@code final/} (simulates a killed run). */
    public Builder<E, M> stopAfterStep(Integer step) {
      this.stopAfterStep = step;
      return this;
    }

    /** Adds a listener; it runs after the built-in ones (sync, NaN guard, metrics, evaluation, checkpoints). */
    public Builder<E, M> listener(TrainingListener listener) {
      listeners.add(Preconditions.checkNotNull(listener, "listener"));
      return this;
    }

    public Trainer<E, M> build() {
      return new Trainer<>(this);
    }
  }
}
