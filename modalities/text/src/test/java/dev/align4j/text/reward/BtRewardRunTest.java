package dev.align4j.text.reward;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.align4j.core.media.ContentPart;
import dev.align4j.core.media.Image;
import dev.align4j.core.media.TextPart;
import dev.align4j.core.util.UserError;
import dev.align4j.rewards.RewardModel;
import dev.align4j.rewards.RewardRegistry;
import dev.align4j.rewards.manifest.Kind;
import dev.align4j.rewards.manifest.RewardManifest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped example end to end: trains on the engine, exports a registry model, and the model opened from
 * the registry scores held-out chosen answers above rejected ones through ONNX Runtime.
 */
class BtRewardRunTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Short on purpose (the example runs longer): enough to separate held-out pairs clearly. */
  static final int STEPS = 200;

  @TempDir static Path shared;
  static BtFixtures.Run run;

  @BeforeAll
  static void train() {
    run = BtFixtures.run("reward-bt-text", shared.resolve("run"), null, "trainer.max_steps=" + STEPS,
        "trainer.per_device_train_batch_size=64", "trainer.eval_steps=" + STEPS, "trainer.save_steps=" + STEPS);
  }

  @Test
  void writesTheEngineFilesAndARegistryModel() {
    Path out = shared.resolve("run");
    for (String f : List.of("config.yaml", "metrics.jsonl", "eval.jsonl", "final/head.json", "final/body/config.json",
        "checkpoints/step-" + STEPS + "/state.json")) {
      assertTrue(Files.exists(out.resolve(f)), f);
    }
    assertEquals(out.resolve("export").resolve("bt-arithmetic"), run.exported());
    RewardRegistry registry = RewardRegistry.builder(run.exported().getParent()).build();
    assertEquals(List.of("bt-arithmetic"), registry.names());
    RewardManifest m = registry.manifest("bt-arithmetic");
    assertEquals(Kind.TEXT_SCALAR, m.kind());
    assertEquals(12, m.text().maxLength());
    assertEquals("<eos>", m.text().eosToken().orElseThrow());
    assertTrue(run.log().contains("export check: ONNX Runtime matches DJL within"), run.log());
  }

  @Test
  void scoresHeldOutChosenAboveRejectedThroughOnnxRuntime() throws IOException {
    List<JsonNode> pairs = new ArrayList<>();
    for (String line : Files.readAllLines(BtFixtures.examples().resolve("data/arithmetic/eval.jsonl"))) {
      pairs.add(JSON.readTree(line));
    }
    List<String> prompts = new ArrayList<>();
    List<String> responses = new ArrayList<>();
    for (JsonNode p : pairs) {
      prompts.add(p.get("prompt").asText());
      responses.add(p.get("chosen").asText());
    }
    for (JsonNode p : pairs) {
      prompts.add(p.get("prompt").asText());
      responses.add(p.get("rejected").asText());
    }
    try (RewardModel model = RewardRegistry.builder(run.exported().getParent()).build().open("bt-arithmetic")) {
      assertEquals(Set.of(ContentPart.Kind.TEXT), model.kinds());
      float[] s = model.scoreBatch(prompts, TextPart.all(responses));
      int n = pairs.size();
      int right = 0;
      for (int i = 0; i < n; i++) if (s[i] > s[n + i]) right++;
      double accuracy = right / (double) n;
      double start = Files.readAllLines(shared.resolve("run/eval.jsonl")).stream().map(BtRewardRunTest::tree)
          .filter(j -> j.get("step").asInt() == 0).findFirst().orElseThrow().get("eval_rewards/accuracies").asDouble();
      System.out.printf("BT held-out pair accuracy through ONNX Runtime %.3f (starting model %.3f)%n", accuracy, start);
      assertTrue(accuracy >= 0.58 && accuracy >= start + 0.08,
          "held-out pair accuracy through ONNX Runtime " + accuracy + ", starting model " + start);
      // One prompt, two responses: the same scores, and compare prefers the higher one.
      JsonNode first = pairs.get(0);
      float[] two = model.score(first.get("prompt").asText(),
          TextPart.all(List.of(first.get("chosen").asText(), first.get("rejected").asText())));
      assertArrayEquals(new float[] {s[0], s[n]}, two, 1e-6f);
      RewardModel.Comparison c = model.compare(first.get("prompt").asText(),
          new TextPart(first.get("chosen").asText()), new TextPart(first.get("rejected").asText()));
      assertEquals(two[0] >= two[1] ? 0 : 1, c.preferred());
      assertThrows(UserError.class, () -> model.score("x", List.of(new Image(1, 1, new byte[3]))));
    }
  }

  @Test
  void resumesExactly(@TempDir Path dir) throws IOException {
    String[] overrides = {"trainer.max_steps=8", "trainer.save_steps=4", "trainer.eval_steps=0",
        "trainer.logging_steps=2", "trainer.per_device_train_batch_size=16", "export.verify=false"};
    BtFixtures.Run whole = BtFixtures.run("reward-bt-text", dir.resolve("whole"), null, overrides);
    BtFixtures.Run resumed = BtFixtures.run("reward-bt-text", dir.resolve("resumed"),
        dir.resolve("whole/checkpoints/step-4"), overrides);
    assertEquals(Files.readString(dir.resolve("whole/final/head.json")),
        Files.readString(dir.resolve("resumed/final/head.json")));
    assertArrayEquals(Files.readAllBytes(whole.exported().resolve("model.onnx")),
        Files.readAllBytes(resumed.exported().resolve("model.onnx")));
  }

  private static JsonNode tree(String line) {
    try {
      return JSON.readTree(line);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
