package dev.align4j.text.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import dev.align4j.core.data.DataConfig;
import dev.align4j.core.data.DatasetReader;
import dev.align4j.core.data.PreferenceExample;
import dev.align4j.core.train.Reference;
import dev.align4j.losses.LossOutput;
import dev.align4j.losses.LossRegistry;
import dev.align4j.losses.Need;
import dev.align4j.text.ChatTemplate;
import dev.align4j.text.GptPolicy;
import dev.align4j.text.TextEncoder;
import dev.align4j.text.TextModality;
import dev.align4j.text.TextTokenizer;
import dev.align4j.text.task.ArithmeticWorld;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped example configs really tune the model, on held-out data of the embedded arithmetic task:
 * preference accuracy >= 0.9, the implicit-reward margin rises, and greedy answers are right more often
 * than the starting model's (the task's checker decides). Each run is the full example (1000 steps).
 */
class PreferenceTuningBehaviourTest {
  @TempDir Path tmp;

  @Test
  void dpo() {
    checkPaired("text-dpo");
    // metrics.jsonl shows the training accuracy rising
    List<JsonNode> metrics = RunFixtures.lines(tmp.resolve("text-dpo/metrics.jsonl"));
    assertTrue(metrics.get(metrics.size() - 1).get("rewards/accuracies").asDouble()
        > metrics.get(0).get("rewards/accuracies").asDouble() + 0.1, "training accuracy did not rise");
  }

  @Test
  void simpo() {
    checkPaired("text-simpo");
  }

  @Test
  void kto() throws Exception {
    Path out = tmp.resolve("kto");
    RunFixtures.run("text-kto", out);
    List<JsonNode> eval = RunFixtures.lines(out.resolve("eval.jsonl"));
    double before = eval.get(0).get("eval_task_accuracy").asDouble();
    double after = eval.get(eval.size() - 1).get("eval_task_accuracy").asDouble();
    assertTrue(after > before + 0.05, "task accuracy " + before + " -> " + after);
    // KTO trains on unpaired labels; judge its implicit reward on the held-out *pairs*.
    Map<String, Double> start = pairedMetrics(ArithmeticWorld.baseModel(System.err));
    Map<String, Double> end = pairedMetrics(out.resolve("final"));
    assertTrue(end.get("rewards/accuracies") >= 0.9, "held-out preference accuracy " + end);
    assertTrue(end.get("rewards/margins") > start.get("rewards/margins"), start + " -> " + end);
  }

  private void checkPaired(String name) {
    Path out = tmp.resolve(name);
    RunFixtures.run(name, out);
    List<JsonNode> eval = RunFixtures.lines(out.resolve("eval.jsonl"));
    JsonNode first = eval.get(0);
    JsonNode last = eval.get(eval.size() - 1);
    assertEquals(0, first.get("step").asInt());
    assertTrue(last.get("eval_rewards/accuracies").asDouble() >= 0.9, name + " held-out accuracy: " + last);
    assertTrue(last.get("eval_rewards/margins").asDouble() > first.get("eval_rewards/margins").asDouble() + 0.1,
        name + " margin " + first + " -> " + last);
    assertTrue(last.get("eval_task_accuracy").asDouble() > first.get("eval_task_accuracy").asDouble() + 0.05,
        name + " generation accuracy " + first.get("eval_task_accuracy") + " -> " + last.get("eval_task_accuracy"));
  }

  /** DPO metrics of a saved policy against the base model on the held-out pairs. */
  private static Map<String, Double> pairedMetrics(Path model) throws Exception {
    List<PreferenceExample> pairs = DatasetReader.read(DataConfig.of("data/arithmetic/eval.jsonl"),
        RunFixtures.examples()).train();
    try (NDManager m = NDManager.newBaseManager();
        TextTokenizer tok = TextTokenizer.load(ArithmeticWorld.tokenizer());
        GptPolicy policy = GptPolicy.load(model, m);
        GptPolicy base = GptPolicy.load(ArithmeticWorld.baseModel(System.err), m);
        Reference<GptPolicy> ref = Reference.frozenCopy(base)) {
      var modality = new TextModality<GptPolicy>(new TextEncoder(tok, ChatTemplate.plain(), 12, 7));
      LossOutput out = LossRegistry.create("sigmoid", Map.of()).compute(
          modality.terms(policy, ref, pairs, java.util.Set.of(Need.REFERENCE), false));
      return Map.of("rewards/accuracies", out.metrics().get("rewards/accuracies").getFloat() * 1.0,
          "rewards/margins", out.metrics().get("rewards/margins").getFloat() * 1.0);
    }
  }

}
