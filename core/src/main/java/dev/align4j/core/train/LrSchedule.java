package dev.align4j.core.train;

import com.google.common.base.Preconditions;

/**
 * Learning rate at each optimizer step, as Hugging Face's schedulers compute it: linear warm-up from 0,
 * then constant, linear decay to 0, or half-cosine decay to 0.
 */
public final class LrSchedule {
  private final String type;
  private final double peak;
  private final int warmup;
  private final int total;

  public LrSchedule(String type, double peak, int warmup, int total) {
    Preconditions.checkArgument(total > 0, "total steps must be > 0");
    this.type = type;
    this.peak = peak;
    this.warmup = Math.min(warmup, total);
    this.total = total;
  }

  /** The rate for the update that follows {@code step} completed updates (0-based). */
  public double at(int step) {
    if (step < warmup) return peak * step / Math.max(1, warmup);
    double progress = (double) (step - warmup) / Math.max(1, total - warmup);
    return switch (type) {
      case "constant", "constant_with_warmup" -> peak;
      case "linear" -> peak * Math.max(0.0, 1 - progress);
      case "cosine" -> peak * Math.max(0.0, 0.5 * (1 + Math.cos(Math.PI * progress)));
      default -> throw new IllegalArgumentException("unknown lr_scheduler_type " + type);
    };
  }
}
