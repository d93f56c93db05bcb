package dev.align4j.diffusion;

import dev.align4j.core.util.UserError;
import java.util.Arrays;
import java.util.Locale;

/** How the noise variances beta_t grow over the T training timesteps (diffusers' names). */
public enum BetaSchedule {
  /** DDPM: betas evenly spaced from beta_start to beta_end (1e-4 .. 0.02). */
  LINEAR,
  /** Stable Diffusion: sqrt(beta) evenly spaced, then squared (0.00085 .. 0.012). */
  SCALED_LINEAR,
  /** Nichol and Dhariwal's cosine schedule ("squaredcos_cap_v2"), betas capped at 0.999. */
  COSINE;

  /** Parses diffusers' config strings: linear, scaled_linear, squaredcos_cap_v2 (or cosine). */
  public static BetaSchedule parse(String name) {
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "linear" -> LINEAR;
      case "scaled_linear" -> SCALED_LINEAR;
      case "cosine", "squaredcos_cap_v2" -> COSINE;
      default -> throw new UserError("unknown beta schedule '" + name + "' (linear, scaled_linear, squaredcos_cap_v2)");
    };
  }

  /** The T betas; {@code betaStart}/{@code betaEnd} are ignored by the cosine schedule. */
  public double[] betas(int steps, double betaStart, double betaEnd) {
    double[] b = new double[steps];
    switch (this) {
      case LINEAR -> {
        for (int i = 0; i < steps; i++) b[i] = betaStart + (betaEnd - betaStart) * i / Math.max(1, steps - 1);
      }
      case SCALED_LINEAR -> {
        double s = Math.sqrt(betaStart);
        double e = Math.sqrt(betaEnd);
        for (int i = 0; i < steps; i++) {
          double r = s + (e - s) * i / Math.max(1, steps - 1);
          b[i] = r * r;
        }
      }
      case COSINE -> {
        for (int i = 0; i < steps; i++) {
          b[i] = Math.min(1 - cosineAlphaBar((i + 1.0) / steps) / cosineAlphaBar((double) i / steps), 0.999);
        }
      }
    }
    return b;
  }

  private static double cosineAlphaBar(double t) {
    double c = Math.cos((t + 0.008) / 1.008 * Math.PI / 2);
    return c * c;
  }

  @Override
  public String toString() {
    return this == COSINE ? "squaredcos_cap_v2" : name().toLowerCase(Locale.ROOT);
  }

  static double[] cumprod(double[] betas) {
    double[] a = Arrays.copyOf(betas, betas.length);
    double acc = 1;
    for (int i = 0; i < a.length; i++) {
      acc *= 1 - betas[i];
      a[i] = acc;
    }
    return a;
  }
}
