package dev.align4j.image.method;

import ai.djl.ndarray.NDArray;
import com.google.common.base.Preconditions;
import dev.align4j.core.media.Image;
import dev.align4j.core.media.ImageTensors;
import dev.align4j.core.shapes.Checker;
import dev.align4j.rewards.RewardModel;
import java.util.List;

/**
 * Scores images for captions, higher is better: what SPO ranks a step's candidates with (their predicted
 * clean images) and D3PO labels trajectories with (their final images).
 */
@FunctionalInterface
public interface StepScorer {
  /**
   * @param images {@code [B, 3, H, W]} in [-1, 1] (decoded: pixels, not latents)
   * @param captions B captions, one per image
   */
  double[] score(NDArray images, List<String> captions);

  /** A reward model on the images as 8-bit RGB ({@link RewardModel#scoreBatch}). */
  static StepScorer of(RewardModel reward) {
    Preconditions.checkNotNull(reward, "reward");
    return (images, captions) -> {
      float[] s = reward.scoreBatch(captions, ImageTensors.fromTensor(images));
      double[] out = new double[s.length];
      for (int i = 0; i < s.length; i++) out[i] = s[i];
      return out;
    };
  }

  /** The shapes world's pixel checker ({@link Checker#scorePixels}): the fraction of the caption's attributes seen. */
  static StepScorer shapesChecker() {
    return (images, captions) -> {
      List<Image> rgb = ImageTensors.fromTensor(images);
      double[] out = new double[rgb.size()];
      for (int i = 0; i < out.length; i++) out[i] = Checker.scorePixels(rgb.get(i), captions.get(i));
      return out;
    };
  }
}
