package dev.align4j.diffusion;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.google.common.base.Preconditions;
import dev.align4j.losses.Scalars;

/**
 * DDIM (Song et al. 2021) as single steps, the building block of samplers, step-level preference methods and
 * inversion. From x_t to x_prev with abar = alphaBar:
 *
 * <pre>
 *   std^2  = eta^2 (1 - abar_prev) / (1 - abar_t) (1 - abar_t / abar_prev)
 *   mean   = sqrt(abar_prev) x0 + sqrt(1 - abar_prev - std^2) eps
 *   x_prev = mean + std z
 * </pre>
 *
 * where (eps, x0) come from the network output ({@link NoiseSchedule#epsilonAndX0}). eta 0 is deterministic
 * DDIM; eta 1 has DDPM's posterior std. {@code prev = -1} is the clean sample (abar 1, diffusers'
 * set_alpha_to_one).
 */
public final class Ddim {
  private Ddim() {}

  /**
   * One step for every example from {@code t[i]} to {@code prev[i]} (prev < t, -1 for the clean sample).
   *
   * @param output the (guided) network output at x_t
   * @param noise standard normal noise like x_t; may be null when {@code eta == 0}
   * @param clipSample clamp x0 to [-1, 1] (pixel-space models) and re-derive eps from it
   */
  public static DiffusionStep step(NoiseSchedule schedule, Prediction prediction, NDArray xt, NDArray output,
      int[] t, int[] prev, double eta, NDArray noise, boolean clipSample) {
    Preconditions.checkArgument(eta >= 0, "eta must be >= 0, got %s", eta);
    Preconditions.checkArgument(eta == 0 || noise != null, "a stochastic step (eta %s) needs noise", eta);
    int b = t.length;
    Preconditions.checkArgument(prev.length == b, "%s timesteps but %s previous ones", b, prev.length);
    NDArray[] epsX0 = schedule.epsilonAndX0(prediction, xt, output, t);
    NDArray eps = epsX0[0];
    NDArray x0 = epsX0[1];
    if (clipSample) {
      x0 = x0.clip(-1, 1);
      eps = xt.sub(x0.mul(coefficient(xt, sqrtAlphaBar(schedule, t)))).div(coefficient(xt, sqrtOneMinus(schedule, t)));
    }
    double[] std = new double[b];
    double[] dirCoef = new double[b];
    double[] x0Coef = new double[b];
    for (int i = 0; i < b; i++) {
      Preconditions.checkArgument(prev[i] < t[i], "step from %s to %s does not go back in time", t[i], prev[i]);
      double at = schedule.alphaBar(t[i]);
      double ap = schedule.alphaBar(prev[i]);
      double var = eta * eta * (1 - ap) / (1 - at) * (1 - at / ap);
      std[i] = Math.sqrt(var);
      dirCoef[i] = Math.sqrt(Math.max(0, 1 - ap - var));
      x0Coef[i] = Math.sqrt(ap);
    }
    NDArray mean = x0.mul(coefficient(xt, x0Coef)).add(eps.mul(coefficient(xt, dirCoef)));
    NDArray stdArray = coefficient(xt, std);
    NDArray sample = eta == 0 ? mean : mean.add(noise.mul(stdArray));
    return new DiffusionStep(mean, stdArray, sample, x0, eps);
  }

  /**
   * log N(x; mean, std^2) averaged over all but the batch axis, [B]: the per-step log-likelihood SPO and D3PO
   * compare under policy and reference (DDPO's convention: mean, not sum, over dimensions). Differentiable in
   * {@code mean}; every std must be positive (eta > 0).
   */
  public static NDArray logProb(NDArray x, NDArray mean, NDArray std) {
    float[] s = std.toFloatArray();
    for (float v : s) Preconditions.checkArgument(v > 0, "log-density needs std > 0 (eta > 0), got %s", v);
    long b = x.getShape().get(0);
    NDArray z = x.sub(mean).div(std);
    NDArray perDim = z.square().mul(Scalars.of(-0.5)).sub(std.log()).sub(Scalars.of(0.5 * Math.log(2 * Math.PI)));
    return perDim.reshape(b, -1).mean(new int[] {1});
  }

  /** {@link #logProb(NDArray, NDArray, NDArray)} of {@code x} under a step. */
  public static NDArray logProb(NDArray x, DiffusionStep step) {
    return logProb(x, step.mean(), step.std());
  }

  /**
   * DDIM inversion (deterministic DDIM run backwards): from clean {@code x0} up to timestep {@code target[i]}
   * for each example in {@code steps} steps, levels {@code round((k+1)(target+1)/steps) - 1}. Each step from
   * level s to level t evaluates the network at (x_s, t), as diffusers' DDIMInverseScheduler does, and sets
   * {@code x_t = sqrt(abar_t) x0_hat + sqrt(1 - abar_t) eps_hat}. With {@code noiseScale > 0} it then adds
   * {@code noiseScale * sqrt(1 - abar_t / abar_s) z} (InPO's extra noise; z from {@link SeededNoise}, streams
   * {@code streamBase + k}). No gradients: the result is a starting point, not a path to train through.
   * Levels match a trailing-spaced sampler of {@code steps} steps when {@code target} is T - 1.
   */
  public static NDArray invert(GuidedModel model, NoiseSchedule schedule, NDArray x0, int[] target, int steps,
      double noiseScale, long[] seeds, long streamBase) {
    int b = target.length;
    Preconditions.checkArgument(steps >= 1, "inversion needs >= 1 step");
    Preconditions.checkArgument(noiseScale == 0 || seeds != null && seeds.length == b, "noise needs a seed per sample");
    NDArray x = x0;
    int[] level = new int[b];
    java.util.Arrays.fill(level, -1);
    for (int k = 0; k < steps; k++) {
      int[] next = new int[b];
      for (int i = 0; i < b; i++) {
        Preconditions.checkArgument(target[i] >= 0 && target[i] < schedule.steps(), "target timestep %s", target[i]);
        next[i] = Math.max(level[i], inversionLevel(target[i], steps, k));
      }
      NDArray output = model.output(x, next, false);
      // The network's eps at (x_s, t); a velocity is converted with level t's coefficients.
      NDArray eps = schedule.epsilonAndX0(model.prediction(), x, output, next)[0];
      NDArray x0Hat = x.sub(eps.mul(coefficient(x, sqrtOneMinus(schedule, level))))
          .div(coefficient(x, sqrtAlphaBar(schedule, level)));
      NDArray xNext = x0Hat.mul(coefficient(x, sqrtAlphaBar(schedule, next)))
          .add(eps.mul(coefficient(x, sqrtOneMinus(schedule, next))));
      if (noiseScale > 0) {
        double[] sigma = new double[b];
        for (int i = 0; i < b; i++) {
          sigma[i] = noiseScale * Math.sqrt(Math.max(0, 1 - schedule.alphaBar(next[i]) / schedule.alphaBar(level[i])));
        }
        NDArray z = SeededNoise.gaussian(x.getManager(), seeds, streamBase + k, SeededNoise.sampleShape(x));
        xNext = xNext.add(z.mul(coefficient(x, sigma)));
      }
      x = xNext;
      level = next;
    }
    return x;
  }

  /** The levels {@link #invert} visits on the way to {@code target}, lowest first (the start, -1, excluded). */
  public static int[] inversionLevels(int target, int steps) {
    int[] levels = new int[steps];
    for (int k = 0; k < steps; k++) levels[k] = Math.max(k == 0 ? -1 : levels[k - 1], inversionLevel(target, steps, k));
    return levels;
  }

  private static int inversionLevel(int target, int steps, int k) {
    return (int) Math.round((k + 1) * (target + 1.0) / steps) - 1;
  }

  static double[] sqrtAlphaBar(NoiseSchedule s, int[] t) {
    double[] v = new double[t.length];
    for (int i = 0; i < t.length; i++) v[i] = Math.sqrt(s.alphaBar(t[i]));
    return v;
  }

  static double[] sqrtOneMinus(NoiseSchedule s, int[] t) {
    double[] v = new double[t.length];
    for (int i = 0; i < t.length; i++) v[i] = Math.sqrt(1 - s.alphaBar(t[i]));
    return v;
  }

  /** Per-example values as a torch-owned [B, 1, 1, ...] array broadcasting over {@code like}. */
  static NDArray coefficient(NDArray like, double[] values) {
    NDManager m = like.getManager();
    float[] f = new float[values.length];
    for (int i = 0; i < f.length; i++) f[i] = (float) values[i];
    long[] dims = new long[like.getShape().dimension()];
    java.util.Arrays.fill(dims, 1);
    dims[0] = values.length;
    return NoiseSchedule.owned(m, f, new Shape(dims)).toType(like.getDataType(), false);
  }
}
