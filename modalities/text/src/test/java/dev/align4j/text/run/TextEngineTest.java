package dev.align4j.text.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.align4j.core.config.TrainerConfig;
import dev.align4j.core.data.PreferenceExample;
import dev.align4j.core.train.Checkpoint;
import dev.align4j.core.train.NamedParameter;
import dev.align4j.core.train.Progress;
import dev.align4j.core.train.Reference;
import dev.align4j.core.train.Trainer;
import dev.align4j.losses.LossRegistry;
import dev.align4j.text.ChatTemplate;
import dev.align4j.text.GptPolicy;
import dev.align4j.text.TextEncoder;
import dev.align4j.text.TextModality;
import dev.align4j.text.TextTokenizer;
import dev.align4j.text.gpt.Gpt;
import dev.align4j.text.gpt.GptConfig;
import dev.align4j.text.task.ArithmeticTask;
import dev.align4j.text.task.ArithmeticWorld;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine on the text modality: exact resume, per-token losses, LoRA with an adapters-off reference. */
class TextEngineTest {
  @TempDir Path tmp;

  private static TrainerConfig trainer(Map<String, Object> values) {
    return new ObjectMapper().convertValue(values, TrainerConfig.class);
  }

  private static List<PreferenceExample> data() {
    return ArithmeticTask.pairs(ArithmeticWorld.splits().get(0).subList(0, 200), 5, "test");
  }

  /** Trains a small fresh GPT and returns its final parameter values. */
  private Map<String, float[]> train(String loss, Map<String, Object> trainerValues, Path runDir, Path resume,
      Integer stopAfter, boolean lora) {
    try (NDManager m = NDManager.newBaseManager();
        TextTokenizer tok = TextTokenizer.load(ArithmeticWorld.tokenizer())) {
      GptPolicy policy = new GptPolicy(Gpt.create(GptConfig.of(tok.vocabSize(), 16, 32, 2, 4), 3, m.newSubManager()),
          m.newSubManager());
      if (lora) policy.gpt().applyLora(4, 8f, java.util.Set.of("q", "v"), 7);
      List<NamedParameter> trainable = policy.parameters().stream()
          .filter(p -> !lora || p.name().contains("lora")).toList();
      policy.parameters().forEach(p -> p.array().setRequiresGradient(trainable.contains(p)));
      Reference<GptPolicy> ref = lora ? Reference.adaptersDisabled(policy) : Reference.frozenCopy(policy);
      var modality = new TextModality<GptPolicy>(new TextEncoder(tok, ChatTemplate.plain(), 12, 7));
      Trainer.preference(trainer(trainerValues), modality, LossRegistry.create(loss, Map.of()), policy).reference(ref)
          .trainable(trainable).data(data(), data().subList(0, 32)).runDir(runDir).configYaml("x: 1\n")
          .stopAfterStep(stopAfter).optimizerManager(m).build()
          .train(resume, new Progress(new PrintStream(new ByteArrayOutputStream()), false, 0, 1));
      Map<String, float[]> values = new HashMap<>();
      for (NamedParameter p : policy.parameters()) values.put(p.name(), p.array().toFloatArray());
      ref.close();
      policy.close();
      return values;
    }
  }

  @Test
  void resumeContinuesExactly() {
    Map<String, Object> cfg = Map.of("learning_rate", 1e-3, "max_steps", 20, "save_steps", 10, "logging_steps", 5,
        "per_device_train_batch_size", 8, "gradient_accumulation_steps", 2, "warmup_steps", 3,
        "lr_scheduler_type", "cosine");
    Map<String, float[]> straight = train("sigmoid", cfg, tmp.resolve("a"), null, null, false);
    train("sigmoid", cfg, tmp.resolve("b"), null, 10, false);
    Map<String, float[]> resumed = train("sigmoid", cfg, tmp.resolve("b"), Checkpoint.resolve(tmp.resolve("b")),
        null, false);
    for (String name : straight.keySet()) assertArrayEquals(straight.get(name), resumed.get(name), 1e-6f, name);
    assertEquals(RunFixtures.lines(tmp.resolve("a/metrics.jsonl")).size(),
        RunFixtures.lines(tmp.resolve("b/metrics.jsonl")).size());
  }

  @Test
  void perTokenLossesTrainThroughTheModality() {
    for (String loss : List.of("tdpo1", "sparsepo")) {
      train(loss, Map.of("learning_rate", 1e-3, "max_steps", 30, "logging_steps", 10, "per_device_train_batch_size",
          16),
          tmp.resolve(loss), null, null, false);
      List<JsonNode> log = RunFixtures.lines(tmp.resolve(loss + "/metrics.jsonl"));
      double first = log.get(0).get("loss").asDouble();
      double last = log.get(log.size() - 1).get("loss").asDouble();
      assertTrue(Double.isFinite(last) && last < first, loss + ": loss " + first + " -> " + last);
    }
  }

  @Test
  void loraTrainsOnlyAdaptersAgainstTheAdaptersOffReference() {
    Map<String, float[]> before;
    try (NDManager m = NDManager.newBaseManager(); TextTokenizer tok = TextTokenizer.load(ArithmeticWorld.tokenizer());
        GptPolicy fresh = new GptPolicy(Gpt.create(GptConfig.of(tok.vocabSize(), 16, 32, 2, 4), 3, m.newSubManager()),
            m.newSubManager())) {
      before = new HashMap<>();
      for (NamedParameter p : fresh.parameters()) before.put(p.name(), p.array().toFloatArray());
    }
    Map<String, float[]> after = train("sigmoid", Map.of("learning_rate", 1e-2, "max_steps", 20,
        "per_device_train_batch_size", 16), tmp.resolve("lora"), null, null, true);
    boolean adaptersMoved = false;
    for (Map.Entry<String, float[]> e : after.entrySet()) {
      if (e.getKey().contains("lora")) {
        adaptersMoved |= !java.util.Arrays.equals(e.getValue(), new float[e.getValue().length]);
      } else {
        assertArrayEquals(before.get(e.getKey()), e.getValue(), 0f, "base weight " + e.getKey() + " changed");
      }
    }
    assertTrue(adaptersMoved, "no adapter weight moved");
    List<JsonNode> log = RunFixtures.lines(tmp.resolve("lora/metrics.jsonl"));
    assertFalse(log.isEmpty());
    assertTrue(log.get(log.size() - 1).get("rewards/margins").asDouble() > 0, "margin under LoRA: " + log);
  }
}
