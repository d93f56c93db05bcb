package dev.align4j.rewards;

import java.util.List;

/**
 * A reward model: scores images (or, for text reward models, completions) for a prompt. Higher is better.
 * Implementations: ONNX two-tower scorers (CLIP score, PickScore, HPSv2, aesthetic), fused ONNX graphs
 * (ImageReward), and generative judges behind an HTTP API (UnifiedReward).
 */
public interface RewardModel extends AutoCloseable {
  /** The registry name, e.g. {@code pickscore}. */
  String name();

  /** Pointwise scores, one per image, for one prompt (in the model's own scale, see its manifest). */
  float[] score(String prompt, List<RgbImage> images);

  /**
   * Scores many (prompt, image) pairs at once: {@code prompts.get(i)} goes with {@code images.get(i)}. The
   * scoring service batches concurrent requests through this.
   */
  default float[] scoreBatch(List<String> prompts, List<RgbImage> images) {
    float[] out = new float[images.size()];
    for (int i = 0; i < out.length; i++) out[i] = score(prompts.get(i), List.of(images.get(i)))[0];
    return out;
  }

  /**
   * Which of two images is better for the prompt: probabilities of each being preferred and the preferred
   * index. The default is the Bradley-Terry softmax over the two scores (PickScore's convention).
   */
  default Comparison compare(String prompt, RgbImage first, RgbImage second) {
    float[] s = score(prompt, List.of(first, second));
    return Comparison.fromScores(s[0], s[1]);
  }

  /** Whether this is a text reward model, scoring responses with {@link #scoreText} (not images). */
  default boolean scoresText() {
    return false;
  }

  /**
   * Text reward models: pointwise scores of {@code responses} to one {@code prompt}, higher is better. The
   * strings are tokenised as given (render chat messages with the model's chat template first).
   *
   * @throws dev.align4j.core.util.UserError for image reward models ({@link #scoresText} is false)
   */
  default float[] scoreText(String prompt, List<String> responses) {
    return scoreTextBatch(java.util.Collections.nCopies(responses.size(), prompt), responses);
  }

  /** Text reward models: scores of many (prompt, response) pairs, {@code prompts.get(i)} with {@code responses.get(i)}. */
  default float[] scoreTextBatch(List<String> prompts, List<String> responses) {
    throw new dev.align4j.core.util.UserError("reward model " + name() + " scores images, not text");
  }

  /** Text reward models: the Bradley-Terry softmax over the scores of two responses to {@code prompt}. */
  default Comparison compareText(String prompt, String first, String second) {
    float[] s = scoreText(prompt, List.of(first, second));
    return Comparison.fromScores(s[0], s[1]);
  }

  @Override
  default void close() {}

  /** The outcome of a pairwise comparison. */
  record Comparison(double[] probabilities, int preferred) {
    /** softmax([a, b]) computed stably; ties prefer the first. */
    public static Comparison fromScores(double a, double b) {
      double m = Math.max(a, b);
      double ea = Math.exp(a - m);
      double eb = Math.exp(b - m);
      double pa = ea / (ea + eb);
      return new Comparison(new double[] {pa, 1 - pa}, pa >= 0.5 ? 0 : 1);
    }
  }
}
