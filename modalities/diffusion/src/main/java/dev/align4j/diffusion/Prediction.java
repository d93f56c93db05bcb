package dev.align4j.diffusion;

/** What a denoiser's output means. */
public enum Prediction {
  /** the added noise eps (DDPM, Stable Diffusion 1.x) */
  EPSILON,
  /** the velocity v = sqrt(abar) eps - sqrt(1 - abar) x0 (Stable Diffusion 2.x 768, many video models) */
  V_PREDICTION
}
