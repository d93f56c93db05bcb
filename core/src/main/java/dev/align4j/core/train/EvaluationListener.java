package dev.align4j.core.train;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Evaluation on the held-out split: at step 0 of a fresh run (the baseline), every {@code eval_steps} steps
 * and after the last; each result goes to {@code eval.jsonl} and one console line.
 */
final class EvaluationListener implements TrainingListener {
  private MetricsLog log;
  private Map<String, Double> last = Map.of();

  @Override
  public void onTrainingBegin(TrainingContext c) {
    log = new MetricsLog(c.runDir().resolve("eval.jsonl"));
    if (c.resumedFrom() != null) {
      log.truncateAfter(c.step());
    } else {
      log.reset();
      // Step 0 is the starting policy (the reference): the baseline every later evaluation is read against.
      if (Trainer.evaluatesStartingPolicy(c.config(), c.hasEvalData())) c.evaluate();
    }
  }

  @Override
  public void onStepEnd(TrainingContext c, Map<String, Double> metrics) {
    int every = c.config().evalSteps();
    if (c.hasEvalData() && ((every > 0 && c.step() % every == 0) || c.isLastStep())) c.evaluate();
  }

  @Override
  public void onEvaluation(TrainingContext c, Map<String, Double> result) {
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("step", c.step());
    line.putAll(result);
    log.append(line);
    StringBuilder text = new StringBuilder(String.format("eval step %d: loss %.4f", c.step(), result.get("eval_loss")));
    if (result.containsKey("eval_rewards/accuracies")) {
      text.append(String.format(", accuracy %.3f", result.get("eval_rewards/accuracies")));
    }
    result.forEach((k, v) -> {
      if (!k.startsWith("eval_rewards/") && !k.startsWith("eval_logps/") && !k.equals("eval_loss")) {
        text.append(String.format(", %s %.3f", k.substring("eval_".length()), v));
      }
    });
    c.progress().message(text.toString());
    last = result;
  }

  /** The last evaluation's metrics (empty before the first). */
  Map<String, Double> last() {
    return last;
  }
}
