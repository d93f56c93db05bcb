package dev.align4j.diffusion;

import com.google.common.base.Preconditions;

/**
 * How to sample: DDIM (with eta) or DDPM ancestral steps, how many, the classifier-free guidance scale, which
 * timesteps ({@link TimestepSpacing}) and whether x0 predictions are clamped to [-1, 1] (pixel models).
 */
public record SamplerConfig(Method method, int steps, double eta, double guidanceScale, TimestepSpacing spacing,
    boolean clipSample) {

  public enum Method { DDIM, DDPM }

  public SamplerConfig {
    Preconditions.checkArgument(steps >= 1, "sampling steps >= 1, not %s", steps);
    Preconditions.checkArgument(eta >= 0, "eta >= 0, not %s", eta);
    Preconditions.checkArgument(guidanceScale >= 0, "guidance scale >= 0, not %s", guidanceScale);
  }

  /** DDIM, trailing spacing, x0 clamped: what the shapes world uses. */
  public static SamplerConfig ddim(int steps, double eta, double guidanceScale) {
    return new SamplerConfig(Method.DDIM, steps, eta, guidanceScale, TimestepSpacing.TRAILING, true);
  }

  /** DDPM ancestral sampling, trailing spacing, x0 clamped. */
  public static SamplerConfig ddpm(int steps, double guidanceScale) {
    return new SamplerConfig(Method.DDPM, steps, 1, guidanceScale, TimestepSpacing.TRAILING, true);
  }

  public SamplerConfig withSteps(int n) {
    return new SamplerConfig(method, n, eta, guidanceScale, spacing, clipSample);
  }

  public SamplerConfig withGuidance(double scale) {
    return new SamplerConfig(method, steps, eta, scale, spacing, clipSample);
  }

  public SamplerConfig withEta(double e) {
    return new SamplerConfig(method, steps, e, guidanceScale, spacing, clipSample);
  }

  public SamplerConfig withSpacing(TimestepSpacing s) {
    return new SamplerConfig(method, steps, eta, guidanceScale, s, clipSample);
  }

  public SamplerConfig withClipSample(boolean clip) {
    return new SamplerConfig(method, steps, eta, guidanceScale, spacing, clip);
  }

  /** Whether a step draws noise. */
  public boolean stochastic() {
    return method == Method.DDPM || eta > 0;
  }
}
