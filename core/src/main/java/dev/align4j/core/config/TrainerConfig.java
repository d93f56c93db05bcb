package dev.align4j.core.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.google.common.base.Preconditions;
import java.util.List;

/**
 * The {@code trainer:} section. Keys are Hugging Face {@code TrainingArguments} names, so
 * {@code --set trainer.save_steps=5} means what a TRL user expects. Unset keys take the defaults below.
 */
public record TrainerConfig(
    @JsonProperty("learning_rate") Double learningRate,
    @JsonProperty("max_steps") Integer maxSteps,
    @JsonProperty("num_train_epochs") Double numTrainEpochs,
    @JsonProperty("per_device_train_batch_size") Integer trainBatchSize,
    @JsonProperty("per_device_eval_batch_size") Integer evalBatchSize,
    @JsonProperty("gradient_accumulation_steps") Integer gradientAccumulationSteps,
    @JsonProperty("max_grad_norm") Double maxGradNorm,
    @JsonProperty("weight_decay") Double weightDecay,
    @JsonProperty("adam_beta1") Double adamBeta1,
    @JsonProperty("adam_beta2") Double adamBeta2,
    @JsonProperty("adam_epsilon") Double adamEpsilon,
    @JsonProperty("lr_scheduler_type") String lrSchedulerType,
    @JsonProperty("warmup_steps") Integer warmupSteps,
    @JsonProperty("warmup_ratio") Double warmupRatio,
    @JsonProperty("logging_steps") Integer loggingSteps,
    @JsonProperty("eval_steps") Integer evalSteps,
    @JsonProperty("save_steps") Integer saveSteps,
    @JsonProperty("save_total_limit") Integer saveTotalLimit,
    @JsonProperty("seed") Long seed,
    @JsonProperty("device") String device) {

  public static final List<String> SCHEDULERS = List.of("constant", "constant_with_warmup", "linear", "cosine");

  public TrainerConfig {
    learningRate = or(learningRate, 5e-5);
    maxSteps = or(maxSteps, -1);
    numTrainEpochs = or(numTrainEpochs, 1.0);
    trainBatchSize = or(trainBatchSize, 8);
    evalBatchSize = or(evalBatchSize, 8);
    gradientAccumulationSteps = or(gradientAccumulationSteps, 1);
    maxGradNorm = or(maxGradNorm, 1.0);
    weightDecay = or(weightDecay, 0.0);
    adamBeta1 = or(adamBeta1, 0.9);
    adamBeta2 = or(adamBeta2, 0.999);
    adamEpsilon = or(adamEpsilon, 1e-8);
    lrSchedulerType = or(lrSchedulerType, "linear");
    warmupSteps = or(warmupSteps, 0);
    warmupRatio = or(warmupRatio, 0.0);
    loggingSteps = or(loggingSteps, 10);
    evalSteps = or(evalSteps, 0);
    saveSteps = or(saveSteps, 500);
    seed = or(seed, 42L);
    device = or(device, "auto");
    Preconditions.checkArgument(learningRate > 0 && Double.isFinite(learningRate), "learning_rate must be > 0, got %s",
        learningRate);
    Preconditions.checkArgument(maxSteps == -1 || maxSteps > 0,
        "max_steps must be > 0 (or -1 to use num_train_epochs), got %s", maxSteps);
    Preconditions.checkArgument(numTrainEpochs > 0, "num_train_epochs must be > 0, got %s", numTrainEpochs);
    Preconditions.checkArgument(trainBatchSize > 0, "per_device_train_batch_size must be > 0, got %s", trainBatchSize);
    Preconditions.checkArgument(evalBatchSize > 0, "per_device_eval_batch_size must be > 0, got %s", evalBatchSize);
    Preconditions.checkArgument(gradientAccumulationSteps > 0, "gradient_accumulation_steps must be > 0, got %s",
        gradientAccumulationSteps);
    Preconditions.checkArgument(maxGradNorm >= 0, "max_grad_norm must be >= 0 (0 disables clipping), got %s",
        maxGradNorm);
    Preconditions.checkArgument(weightDecay >= 0, "weight_decay must be >= 0, got %s", weightDecay);
    Preconditions.checkArgument(adamBeta1 >= 0 && adamBeta1 < 1, "adam_beta1 must be in [0, 1), got %s", adamBeta1);
    Preconditions.checkArgument(adamBeta2 >= 0 && adamBeta2 < 1, "adam_beta2 must be in [0, 1), got %s", adamBeta2);
    Preconditions.checkArgument(adamEpsilon > 0, "adam_epsilon must be > 0, got %s", adamEpsilon);
    Preconditions.checkArgument(SCHEDULERS.contains(lrSchedulerType), "lr_scheduler_type must be one of %s, got '%s'",
        SCHEDULERS, lrSchedulerType);
    Preconditions.checkArgument(warmupSteps >= 0, "warmup_steps must be >= 0, got %s", warmupSteps);
    Preconditions.checkArgument(warmupRatio >= 0 && warmupRatio < 1, "warmup_ratio must be in [0, 1), got %s",
        warmupRatio);
    Preconditions.checkArgument(loggingSteps > 0, "logging_steps must be > 0, got %s", loggingSteps);
    Preconditions.checkArgument(evalSteps >= 0, "eval_steps must be >= 0 (0: evaluate only at the end), got %s",
        evalSteps);
    Preconditions.checkArgument(saveSteps > 0, "save_steps must be > 0, got %s", saveSteps);
    Preconditions.checkArgument(saveTotalLimit == null || saveTotalLimit > 0, "save_total_limit must be > 0, got %s",
        saveTotalLimit);
  }

  /** Defaults for everything. */
  public static TrainerConfig defaults() {
    return new TrainerConfig(null, null, null, null, null, null, null, null, null, null, null, null, null, null,
        null, null, null, null, null, null);
  }

  /** Optimizer steps of the run: max_steps, or epochs over {@code trainSize} examples. */
  public int totalSteps(int trainSize) {
    if (maxSteps > 0) return maxSteps;
    int perStep = trainBatchSize * gradientAccumulationSteps;
    return Math.max(1, (int) Math.ceil(numTrainEpochs * trainSize / perStep));
  }

  /** Warm-up steps: warmup_steps if set, else warmup_ratio of the total. */
  public int warmup(int totalSteps) {
    return warmupSteps > 0 ? warmupSteps : (int) Math.ceil(warmupRatio * totalSteps);
  }

  private static <T> T or(T value, T fallback) {
    return value == null ? fallback : value;
  }
}
