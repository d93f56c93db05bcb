package dev.align4j.diffusion;

import dev.align4j.core.util.UserError;

/** What a denoiser's output means (diffusers' {@code prediction_type} names in {@link #configName()}). */
public enum Prediction {
  /** the added noise eps (DDPM, Stable Diffusion 1.x) */
  EPSILON("epsilon"),
  /** the velocity v = sqrt(abar) eps - sqrt(1 - abar) x0 (Stable Diffusion 2.x 768, many video models) */
  V_PREDICTION("v_prediction"),
  /** the rectified-flow velocity eps - x0 ({@link RectifiedFlow}: SD3, Flux, TangoFlux) */
  FLOW("flow_prediction");

  private final String configName;

  Prediction(String configName) {
    this.configName = configName;
  }

  /** The name in model configs: epsilon, v_prediction, flow_prediction. */
  public String configName() {
    return configName;
  }

  /** Parses {@link #configName()}. */
  public static Prediction parse(String name) {
    for (Prediction p : values()) if (p.configName.equals(name)) return p;
    throw new UserError("prediction_type '" + name + "' (epsilon, v_prediction, flow_prediction)");
  }
}
