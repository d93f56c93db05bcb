package dev.align4j.core.train;

import dev.align4j.core.util.ProcessMemory;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code metrics.jsonl}: every {@code logging_steps} steps (and at the last) one line with the window's mean
 * metrics, the epoch and the throughput; also drives the console progress.
 */
final class MetricsListener implements TrainingListener {
  private final Map<String, Double> window = new LinkedHashMap<>();
  private MetricsLog log;
  private int windowSteps;
  private long windowStart;
  private Map<String, Double> last = Map.of();

  @Override
  public void onTrainingBegin(TrainingContext c) {
    log = new MetricsLog(c.runDir().resolve("metrics.jsonl"));
    if (c.resumedFrom() != null) log.truncateAfter(c.step());
    else log.reset();
    windowStart = System.nanoTime();
  }

  @Override
  public void onStepEnd(TrainingContext c, Map<String, Double> stepMetrics) {
    stepMetrics.forEach((k, v) -> window.merge(k, v, Double::sum));
    windowSteps++;
    int step = c.step();
    boolean logNow = step % c.config().loggingSteps() == 0 || c.isLastStep();
    if (logNow) {
      double seconds = (System.nanoTime() - windowStart) / 1e9;
      Map<String, Object> line = new LinkedHashMap<>();
      line.put("step", step);
      line.put("epoch", round(c.epoch()));
      int n = windowSteps;
      Double tokens = window.remove("tokens");
      window.forEach((k, v) -> line.put(k, v / n));
      double samples = n * (double) c.config().trainBatchSize() * c.config().gradientAccumulationSteps();
      line.put("samples_per_s", round(samples / seconds));
      line.put("steps_per_s", round(n / seconds));
      if (tokens != null) line.put("tokens_per_s", round(tokens / seconds));
      // resident memory, so a long run shows whether it stays flat (docs/benchmarks.md, "Memory")
      ProcessMemory.residentBytes().ifPresent(b -> line.put("rss_mib", ProcessMemory.mib(b)));
      log.append(line);
      Map<String, Double> logged = new LinkedHashMap<>();
      window.forEach((k, v) -> logged.put(k, v / n));
      last = logged;
      window.clear();
      windowSteps = 0;
      windowStart = System.nanoTime();
    }
    c.progress().update(step, stepMetrics.get("loss"), stepMetrics.getOrDefault("rewards/accuracies", Double.NaN),
        logNow);
  }

  /** The metrics of the last logged window. */
  Map<String, Double> last() {
    return last;
  }

  private static double round(double x) {
    return Math.round(x * 1e4) / 1e4;
  }
}
