package dev.align4j.image.shapes;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * How the shapes world's base model is pre-trained: v-prediction MSE on noise-free captioned renders, AdamW with
 * warm-up and cosine decay, global-norm clipping, captions dropped to "" at {@code captionDropout} (so the
 * model also learns the unconditional prediction classifier-free guidance needs).
 */
public record PretrainRecipe(
    @JsonProperty("steps") int steps,
    @JsonProperty("batch_size") int batchSize,
    @JsonProperty("learning_rate") double learningRate,
    @JsonProperty("warmup_steps") int warmupSteps,
    @JsonProperty("max_grad_norm") double maxGradNorm,
    @JsonProperty("caption_dropout") double captionDropout,
    @JsonProperty("images") int images,
    @JsonProperty("seed") long seed) {

  /** The shipped model's recipe. */
  public static PretrainRecipe standard() {
    return new PretrainRecipe(1500, 32, 2e-3, 50, 1.0, 0.1, 20000, 20261123L);
  }

  /** The same recipe with another number of steps (tests use short runs). */
  public PretrainRecipe withSteps(int n) {
    return new PretrainRecipe(n, batchSize, learningRate, Math.min(warmupSteps, n / 5), maxGradNorm, captionDropout,
        images, seed);
  }

  /** The same recipe with another image pool size. */
  public PretrainRecipe withImages(int n) {
    return new PretrainRecipe(steps, batchSize, learningRate, warmupSteps, maxGradNorm, captionDropout, n, seed);
  }
}
