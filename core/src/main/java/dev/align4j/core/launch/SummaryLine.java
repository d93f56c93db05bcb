package dev.align4j.core.launch;

import dev.align4j.core.train.Trainer;

/** The summary after a run: {@code done: 60 steps; last loss 0.508; eval accuracy 0.965}. */
public final class SummaryLine {
  private final StringBuilder text;

  private SummaryLine(int steps) {
    text = new StringBuilder("done: " + steps + " steps");
  }

  /** Starts the line for a finished run. */
  public static SummaryLine of(Trainer.Result result) {
    return new SummaryLine(result.steps());
  }

  /** Appends {@code ; name value} when the value is present and not NaN. */
  public SummaryLine metric(String name, Double value) {
    if (value != null && !value.isNaN()) text.append(String.format("; %s %.3f", name, value));
    return this;
  }

  @Override
  public String toString() {
    return text.toString();
  }
}
