package dev.align4j.diffusion;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import com.google.common.base.Preconditions;
import dev.align4j.core.util.UserError;

/**
 * Euler sampling of a rectified flow: from pure noise at t = 1 to the clean sample at t = 0 over N steps,
 * {@code x_{t'} = x_t + (t' - t) v(x_t, t)}, with v the (guided) velocity. The times are N + 1 points evenly
 * spaced from 1 to 0, then shifted towards the noisy end by {@code t' = s t / (1 + (s - 1) t)} (SD3's shift;
 * 1 leaves them evenly spaced). Deterministic: only the initial noise is drawn ({@link SeededNoise} stream 0),
 * so a (condition, seed) gives the same sample in any batch. No gradients flow.
 */
public final class FlowSampler {
  private final RectifiedFlow flow;
  private final float[] times;

  /**
   * @param steps N, the number of velocity evaluations
   * @param shift s >= 1 spends more steps at high noise (SD3 uses 3)
   */
  public FlowSampler(RectifiedFlow flow, int steps, double shift) {
    Preconditions.checkArgument(steps >= 1, "sampling steps >= 1, not %s", steps);
    Preconditions.checkArgument(shift > 0, "shift must be > 0, got %s", shift);
    this.flow = flow;
    this.times = new float[steps + 1];
    for (int i = 0; i <= steps; i++) {
      double t = 1 - (double) i / steps;
      times[i] = (float) (shift * t / (1 + (shift - 1) * t));
    }
  }

  /** The N + 1 times visited, from 1 down to 0. */
  public float[] times() {
    return times.clone();
  }

  /** Draws one sample per seed from its initial noise (stream 0); returns x0 in the model's space. */
  public NDArray sample(GuidedModel model, long[] seeds, NDManager manager) {
    Preconditions.checkArgument(seeds.length == model.batchSize(), "%s seeds for %s conditions", seeds.length,
        model.batchSize());
    return sample(model, Sampler.initialNoise(manager, seeds, model.denoiser().sampleShape()));
  }

  /** Integrates from the given noise {@code x1 [B, ...]}; intermediates are freed. */
  public NDArray sample(GuidedModel model, NDArray x1) {
    if (model.prediction() != Prediction.FLOW) {
      throw new UserError("the flow sampler needs a velocity network (prediction_type flow_prediction), not "
          + model.prediction().configName());
    }
    int b = (int) x1.getShape().get(0);
    NDArray x = x1;
    for (int i = 0; i + 1 < times.length; i++) {
      float[] t = new float[b];
      java.util.Arrays.fill(t, times[i]);
      double dt = times[i + 1] - times[i];
      NDArray next;
      try (NDScope scope = new NDScope()) {
        NDArray v = model.output(x, flow.timesteps(x.getManager(), t), false);
        next = x.add(v.mul(dt));
        NDScope.unregister(next);
      }
      if (x != x1) x.close();
      x = next;
    }
    return x;
  }
}
