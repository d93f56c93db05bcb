package dev.align4j.diffusion;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import com.google.common.base.Preconditions;
import dev.align4j.core.util.GracefulStop;
import java.util.Arrays;

/**
 * The reverse process from pure noise to clean samples (images, videos, audio): a {@link SamplerConfig}'s
 * steps over a {@link NoiseSchedule}, driving a {@link GuidedModel}. Randomness is per sample
 * ({@link SeededNoise}: stream 0 the initial noise, stream k+1 the noise of step k), so a (condition, seed)
 * gives the same sample in any batch. No gradients flow.
 */
public final class Sampler {
  /** Sees every step while sampling; the arrays are valid only during the call. */
  @FunctionalInterface
  public interface StepListener {
    void onStep(int index, int t, int prev, NDArray xt, DiffusionStep step);
  }

  private final NoiseSchedule schedule;
  private final SamplerConfig config;
  private final int[] timesteps;

  public Sampler(NoiseSchedule schedule, SamplerConfig config) {
    this.schedule = schedule;
    this.config = config;
    this.timesteps = config.spacing().timesteps(schedule.steps(), config.steps());
  }

  public NoiseSchedule schedule() {
    return schedule;
  }

  public SamplerConfig config() {
    return config;
  }

  /** The timesteps visited, highest first; after the last the sampler steps to the clean sample. */
  public int[] timesteps() {
    return timesteps.clone();
  }

  /** The timestep after {@code timesteps()[index]}: the next one visited, or -1 (clean) after the last. */
  public int previous(int index) {
    return index + 1 < timesteps.length ? timesteps[index + 1] : -1;
  }

  /** Initial noise x_T [B, ...sampleShape] for {@code seeds} (stream 0). */
  public static NDArray initialNoise(NDManager manager, long[] seeds, int[] sampleShape) {
    return SeededNoise.gaussian(manager, seeds, 0, sampleShape);
  }

  /** Draws one sample per seed, starting from each seed's initial noise; returns x0 in the model's space. */
  public NDArray sample(GuidedModel model, long[] seeds, NDManager manager) {
    Preconditions.checkArgument(seeds.length == model.batchSize(), "%s seeds for %s captions", seeds.length,
        model.batchSize());
    return sample(model, initialNoise(manager, seeds, model.denoiser().sampleShape()), seeds, null);
  }

  /** Samples from a given x_T; {@code listener} (nullable) sees every step. Intermediates are freed. */
  public NDArray sample(GuidedModel model, NDArray xT, long[] seeds, StepListener listener) {
    int b = (int) xT.getShape().get(0);
    Preconditions.checkArgument(!config.stochastic() || seeds != null && seeds.length == b,
        "a stochastic sampler needs a seed per sample");
    NDArray x = xT;
    int[] shape = Arrays.stream(model.denoiser().sampleShape()).toArray();
    for (int i = 0; i < timesteps.length; i++) {
      GracefulStop.check();
      int[] t = fill(b, timesteps[i]);
      int[] prev = fill(b, previous(i));
      NDArray next;
      try (NDScope scope = new NDScope()) {
        NDArray output = model.output(x, t, false);
        NDArray noise = config.stochastic() ? SeededNoise.gaussian(x.getManager(), seeds, i + 1, shape) : null;
        DiffusionStep step = config.method() == SamplerConfig.Method.DDPM
            ? Ddpm.step(schedule, model.prediction(), x, output, t, prev, noise, config.clipSample())
            : Ddim.step(schedule, model.prediction(), x, output, t, prev, config.eta(), noise, config.clipSample());
        if (listener != null) listener.onStep(i, timesteps[i], previous(i), x, step);
        next = step.sample();
        NDScope.unregister(next);
      }
      if (x != xT) x.close();
      x = next;
    }
    return x;
  }

  private static int[] fill(int n, int v) {
    int[] a = new int[n];
    Arrays.fill(a, v);
    return a;
  }
}
