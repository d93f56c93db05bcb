package dev.align4j.video.world;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.google.common.base.Preconditions;
import dev.align4j.core.config.ConfigLoader;
import dev.align4j.core.util.UserError;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * How the moving-shapes base model is pre-trained: v-prediction MSE on noise-free rendered clips, AdamW with
 * warm-up and cosine decay, global-norm clipping, captions dropped to "" at {@code captionDropout}. The shipped
 * model's recipe is the committed {@code pretrain-standard.yaml} next to this class.
 *
 * @param clips how many clips the pool renders once (batches are drawn from it)
 */
public record VideoPretrainRecipe(
    @JsonProperty("steps") int steps,
    @JsonProperty("batch_size") int batchSize,
    @JsonProperty("learning_rate") double learningRate,
    @JsonProperty("warmup_steps") int warmupSteps,
    @JsonProperty("max_grad_norm") double maxGradNorm,
    @JsonProperty("caption_dropout") double captionDropout,
    @JsonProperty("clips") int clips,
    @JsonProperty("seed") long seed) {
  private static final String STANDARD = "pretrain-standard.yaml";

  public VideoPretrainRecipe {
    Preconditions.checkArgument(steps > 0 && batchSize > 0 && clips > 0, "steps, batch_size and clips must be > 0");
    Preconditions.checkArgument(learningRate > 0 && maxGradNorm > 0, "learning_rate and max_grad_norm must be > 0");
    Preconditions.checkArgument(warmupSteps >= 0 && warmupSteps <= steps, "warmup_steps in [0, steps]");
    Preconditions.checkArgument(captionDropout >= 0 && captionDropout < 1, "caption_dropout in [0, 1)");
  }

  /** The shipped model's recipe, read from the committed {@code pretrain-standard.yaml}. */
  public static VideoPretrainRecipe standard() {
    try (InputStream in = VideoPretrainRecipe.class.getResourceAsStream(STANDARD)) {
      if (in == null) throw new IllegalStateException(STANDARD + " is missing from the class path");
      return ConfigLoader.bind(ConfigLoader.YAML.readTree(in), VideoPretrainRecipe.class, STANDARD, "");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A recipe file of the same keys. */
  public static VideoPretrainRecipe read(Path file) {
    if (!file.toFile().isFile()) throw new UserError(file + ": no such recipe file");
    return ConfigLoader.bind(ConfigLoader.read(file), VideoPretrainRecipe.class, file.toString(), "");
  }

  /** The same recipe with another number of steps, warm-up capped at a fifth of them (tests run short). */
  public VideoPretrainRecipe withSteps(int n) {
    return new VideoPretrainRecipe(n, batchSize, learningRate, Math.min(warmupSteps, n / 5), maxGradNorm,
        captionDropout, clips, seed);
  }

  /** The same recipe with another batch size and clip pool. */
  public VideoPretrainRecipe withData(int batch, int pool) {
    return new VideoPretrainRecipe(steps, batch, learningRate, warmupSteps, maxGradNorm, captionDropout, pool, seed);
  }
}
