package dev.align4j.rewards.train;

/**
 * A caption and two images already fitted to the model's input ({@code size x size} 8-bit RGB, before
 * normalisation), with {@code label0} the probability that the first is preferred: 1, 0, or 0.5 for a tie.
 * CLIP-style training reads the first image as the caption's match and the second as its hard negative.
 */
public record ShapePair(String caption, byte[] first, byte[] second, double label0) {
  /** A tie in the Pick-a-Pic sense. */
  public boolean tie() {
    return label0 == 0.5;
  }
}
