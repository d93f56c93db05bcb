package dev.align4j.video.dpo;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import dev.align4j.diffusion.NoiseSchedule;

/**
 * Denoising errors per frame, {@code e[n, f] = mean over C, H, W of (prediction - target)^2} of clips
 * {@code [N, C, F, H, W]}, and their mean over a subset of frames: the frame-level terms of hierarchical and
 * dense video preferences. The mean over every frame equals the clip's error
 * ({@link dev.align4j.diffusion.DenoisingErrors}), so the all-frames level is VideoDPO's term exactly.
 */
final class FrameErrors {
  private FrameErrors() {}

  /** {@code [N, F]} errors of {@code prediction} against {@code target}, both {@code [N, C, F, H, W]}. */
  static NDArray of(NDArray prediction, NDArray target) {
    NDArray sq = prediction.sub(target).square();
    Shape s = sq.getShape();
    return sq.transpose(0, 2, 1, 3, 4).reshape(s.get(0), s.get(2), -1).mean(new int[] {2});
  }

  /** The mean of {@code perFrame [N, F]} over the frames where {@code mask} is 1: {@code [N]}. */
  static NDArray masked(NDArray perFrame, float[] mask) {
    float count = 0;
    for (float v : mask) count += v;
    if (count == 0) throw new IllegalArgumentException("a frame mask selects no frame");
    NDArray m = NoiseSchedule.owned(perFrame.getManager(), mask, new Shape(1, mask.length));
    return perFrame.mul(m).sum(new int[] {1}).div(count);
  }
}
