package dev.align4j.diffusion;

import ai.djl.ndarray.NDArray;
import com.google.common.base.Preconditions;

/**
 * DDPM ancestral sampling (Ho et al. 2020) over any subsequence of timesteps: x_prev is drawn from the
 * forward process's posterior q(x_prev | x_t, x0_hat) between the two levels, with beta' = 1 - abar_t/abar_prev:
 *
 * <pre>
 *   mean = sqrt(abar_prev) beta' / (1 - abar_t) x0 + sqrt(1 - beta') (1 - abar_prev) / (1 - abar_t) x_t
 *   var  = (1 - abar_prev) / (1 - abar_t) beta'          (diffusers' "fixed_small")
 * </pre>
 *
 * Without clipping this equals DDIM with eta 1; with clipping the mean uses the clipped x0 and x_t directly.
 */
public final class Ddpm {
  private Ddpm() {}

  /** One ancestral step from {@code t[i]} to {@code prev[i]} (-1: the clean sample, no noise). */
  public static DiffusionStep step(NoiseSchedule schedule, Prediction prediction, NDArray xt, NDArray output,
      int[] t, int[] prev, NDArray noise, boolean clipSample) {
    int b = t.length;
    NDArray[] epsX0 = schedule.epsilonAndX0(prediction, xt, output, t);
    NDArray x0 = clipSample ? epsX0[1].clip(-1, 1) : epsX0[1];
    double[] cx0 = new double[b];
    double[] cxt = new double[b];
    double[] std = new double[b];
    for (int i = 0; i < b; i++) {
      Preconditions.checkArgument(prev[i] < t[i], "step from %s to %s does not go back in time", t[i], prev[i]);
      double at = schedule.alphaBar(t[i]);
      double ap = schedule.alphaBar(prev[i]);
      double beta = 1 - at / ap;
      cx0[i] = Math.sqrt(ap) * beta / (1 - at);
      cxt[i] = Math.sqrt(1 - beta) * (1 - ap) / (1 - at);
      std[i] = Math.sqrt((1 - ap) / (1 - at) * beta);
    }
    NDArray mean = x0.mul(Ddim.coefficient(xt, cx0)).add(xt.mul(Ddim.coefficient(xt, cxt)));
    NDArray stdArray = Ddim.coefficient(xt, std);
    boolean anyNoise = false;
    for (double s : std) anyNoise |= s > 0;
    Preconditions.checkArgument(!anyNoise || noise != null, "an ancestral step needs noise");
    NDArray sample = anyNoise ? mean.add(noise.mul(stdArray)) : mean;
    NDArray eps = clipSample
        ? xt.sub(x0.mul(Ddim.coefficient(xt, Ddim.sqrtAlphaBar(schedule, t))))
            .div(Ddim.coefficient(xt, Ddim.sqrtOneMinus(schedule, t)))
        : epsX0[0];
    return new DiffusionStep(mean, stdArray, sample, x0, eps);
  }
}
