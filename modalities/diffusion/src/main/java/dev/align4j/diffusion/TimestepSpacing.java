package dev.align4j.diffusion;

import com.google.common.base.Preconditions;
import dev.align4j.core.util.UserError;
import java.util.Locale;

/**
 * Which of the T training timesteps a sampler with N steps visits (diffusers' {@code timestep_spacing}), in
 * the order visited (descending). After the last one a sampler jumps to the clean sample.
 */
public enum TimestepSpacing {
  /** {@code (N-1)k, ..., k, 0} with k = T / N (integer division), plus an offset: DDIM's and SD 1.x's default. */
  LEADING,
  /**
   * {@code T-1, T-1-T/N, ...}, rounded: starts at the last timestep, where the training noise is closest to
   * the pure noise sampling starts from (Lin et al. 2024). The shapes world samples with this.
   */
  TRAILING,
  /** N timesteps evenly spaced over [0, T-1], rounded. */
  LINSPACE;

  public static TimestepSpacing parse(String name) {
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "leading" -> LEADING;
      case "trailing" -> TRAILING;
      case "linspace" -> LINSPACE;
      default -> throw new UserError("unknown timestep spacing '" + name + "' (leading, trailing, linspace)");
    };
  }

  /**
   * The N timesteps of a sampler over T training steps, highest first; {@code offset} applies to LEADING.
   * Rounding is half-to-even, as numpy's (diffusers computes these with numpy).
   */
  public int[] timesteps(int trainSteps, int steps, int offset) {
    Preconditions.checkArgument(steps >= 1 && steps <= trainSteps, "sampling steps in 1..%s, not %s", trainSteps,
        steps);
    int[] t = new int[steps];
    for (int i = 0; i < steps; i++) {
      int k = steps - 1 - i;  // position from the end (0 = last visited)
      t[i] = switch (this) {
        case LEADING -> Math.min(trainSteps - 1, k * (trainSteps / steps) + offset);
        case TRAILING -> (int) Math.rint(trainSteps - (double) i * trainSteps / steps) - 1;
        case LINSPACE -> (int) Math.rint(steps == 1 ? 0 : (double) k * (trainSteps - 1) / (steps - 1));
      };
    }
    return t;
  }

  /** {@link #timesteps(int, int, int)} without offset. */
  public int[] timesteps(int trainSteps, int steps) {
    return timesteps(trainSteps, steps, 0);
  }

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
