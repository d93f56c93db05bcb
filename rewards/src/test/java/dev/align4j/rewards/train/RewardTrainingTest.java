package dev.align4j.rewards.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.align4j.core.config.ConfigLoader;
import dev.align4j.core.util.UserError;
import dev.align4j.rewards.RewardModel;
import dev.align4j.rewards.Rewards;
import dev.align4j.rewards.onnx.SessionConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Behaviour of reward-model training on the shared engine, with a tiny model on a small shapes sample
 * (seeded, a few seconds): CLIP-style training raises held-out pair accuracy from chance, PickScore-style
 * fine-tuning from the CLIP export lowers the held-out loss, and the exports load through the registry.
 */
class RewardTrainingTest {
  static final String TINY = """
      model: {text_width: 16, text_hidden: 64, image_size: 16, channels: [8, 16], image_hidden: 64, embed_dim: 32}
      data: {train_pairs: 600, eval_pairs: 200, render_size: 32, seed: 3}
      trainer: {learning_rate: 3.0e-3, per_device_train_batch_size: 32, per_device_eval_batch_size: 100,
                lr_scheduler_type: constant, logging_steps: 20, save_steps: 1000, seed: 1, device: cpu}
      """;
  static final ObjectMapper JSON = new ObjectMapper();

  static ObjectNode config(String yaml, String... overrides) throws Exception {
    ObjectNode root = (ObjectNode) ConfigLoader.YAML.readTree(TINY);
    ObjectNode extra = (ObjectNode) ConfigLoader.YAML.readTree(yaml);
    extra.fields().forEachRemaining(e -> {
      if (root.get(e.getKey()) instanceof ObjectNode o && e.getValue() instanceof ObjectNode v) o.setAll(v);
      else root.set(e.getKey(), e.getValue());
    });
    ConfigLoader.override(root, List.of(overrides));
    return root;
  }

  static List<JsonNode> evals(Path run) throws Exception {
    return Files.readAllLines(run.resolve("eval.jsonl")).stream().map(l -> {
      try {
        return JSON.readTree(l);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }).toList();
  }

  @Test
  void clipThenPickLearnAndExport(@TempDir Path tmp) throws Exception {
    PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
    Path clipRun = tmp.resolve("clip");
    Path clip = RewardTrainingRun.run(config("task: clip\ntrainer: {max_steps: 80, eval_steps: 80}\n"
        + "export: {name: tiny-clip}"), "test", tmp, clipRun, null, quiet);
    List<JsonNode> e = evals(clipRun);
    double before = e.get(0).get("eval_pair_accuracy").asDouble();
    double after = e.get(e.size() - 1).get("eval_pair_accuracy").asDouble();
    assertTrue(before < 0.65, "untrained model near chance: " + before);
    assertTrue(after > before + 0.15 && after > 0.7, "held-out pair accuracy " + before + " -> " + after);
    assertTrue(Files.isRegularFile(clipRun.resolve("final").resolve(TwoTowerPolicy.PARAMS)));

    // PickScore-style training alone (random start) learns the pairs too
    Path scratchRun = tmp.resolve("pick-scratch");
    RewardTrainingRun.run(config("task: pick\ndata: {tie_rate: 0.1, seed: 4, train_pairs: 2000}\n"
        + "trainer: {max_steps: 240, eval_steps: 240}"),
        "test", tmp, scratchRun, null, quiet);
    List<JsonNode> s = evals(scratchRun);
    double sBefore = s.get(0).get("eval_pair_accuracy").asDouble();
    double sAfter = s.get(s.size() - 1).get("eval_pair_accuracy").asDouble();
    assertTrue(sAfter > sBefore + 0.15 && sAfter > 0.7, "pick from scratch: " + sBefore + " -> " + sAfter);
    assertTrue(s.get(s.size() - 1).get("eval_loss").asDouble() < s.get(0).get("eval_loss").asDouble(), s.toString());

    // fine-tuning starts from the CLIP export: its first evaluation is already the CLIP's level
    Path pickRun = tmp.resolve("pick");
    Path pick = RewardTrainingRun.run(config("task: pick\nmodel: {init: " + clip + "}\n"
        + "data: {tie_rate: 0.1, seed: 4}\ntrainer: {max_steps: 10, eval_steps: 10, learning_rate: 3.0e-4}\n"
        + "export: {name: tiny-pick}"), "test", tmp, pickRun, null, quiet);
    assertTrue(evals(pickRun).get(0).get("eval_pair_accuracy").asDouble() > 0.7, evals(pickRun).get(0).toString());

    // both exports are registry models
    Path models = tmp.resolve("models");
    Files.createDirectories(models);
    Files.move(clip, models.resolve("tiny-clip"));
    Files.move(pick, models.resolve("tiny-pick"));
    var registry = Rewards.registry(models, SessionConfig.cpu());
    assertEquals(List.of("tiny-clip", "tiny-pick"), registry.names());
    try (RewardModel m = registry.open("tiny-pick")) {
      assertEquals(2, m.score("a small red circle", List.of(OnnxExportTest.image(1), OnnxExportTest.image(2))).length);
    }
  }

  @Test
  void exportFromACheckpoint(@TempDir Path tmp) throws Exception {
    PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
    Path run = tmp.resolve("run");
    RewardTrainingRun.run(config("task: clip\ntrainer: {max_steps: 4, save_steps: 2, eval_steps: 0}\n"
        + "data: {train_pairs: 64, eval_pairs: 16}"), "test", tmp, run, null, quiet);
    Path out = RewardTrainingRun.export(run.resolve("checkpoints/step-2"), tmp.resolve("from-checkpoint"), quiet);
    assertTrue(Files.isRegularFile(out.resolve(OnnxExport.MANIFEST_FILE)));
    assertTrue(Files.readString(out.resolve(OnnxExport.MANIFEST_FILE)).contains("\"name\" : \"from-checkpoint\""));
  }

  /** A run resumed from its checkpoint ends with the weights of an uninterrupted run (constant schedule). */
  @Test
  void resumeIsExact(@TempDir Path tmp) throws Exception {
    PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
    String cfg = "task: clip\ndata: {train_pairs: 96, eval_pairs: 16}\ntrainer: {eval_steps: 0, save_steps: 3, "
        + "logging_steps: 1}";
    RewardTrainingRun.run(config(cfg, "trainer.max_steps=6"), "test", tmp, tmp.resolve("whole"), null, quiet);
    RewardTrainingRun.run(config(cfg, "trainer.max_steps=3"), "test", tmp, tmp.resolve("half"), null, quiet);
    RewardTrainingRun.run(config(cfg, "trainer.max_steps=6"), "test", tmp, tmp.resolve("half"),
        tmp.resolve("half/checkpoints/step-3"), quiet);
    // the second half continued from step 3 (a fresh start would have logged steps 1-6 again)
    assertEquals(List.of(1, 2, 3, 4, 5, 6), Files.readAllLines(tmp.resolve("half/metrics.jsonl")).stream()
        .map(l -> l.replaceAll(".*\"step\":(\\d+).*", "$1")).map(Integer::valueOf).toList());
    try (ai.djl.ndarray.NDManager m = ai.djl.ndarray.NDManager.newBaseManager();
        TwoTowerPolicy a = TwoTowerPolicy.load(tmp.resolve("whole/final"), m);
        TwoTowerPolicy b = TwoTowerPolicy.load(tmp.resolve("half/final"), m)) {
      var bv = b.values();
      a.values().forEach((k, v) -> {
        for (int i = 0; i < v.length; i++) assertEquals(v[i], bv.get(k)[i], 1e-6, k);
      });
    }
  }

  @Test
  void mistakesAreOneLine(@TempDir Path tmp) throws Exception {
    PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
    UserError typo = assertThrows(UserError.class, () -> RewardTrainingRun.run(
        config("task: clip", "model.chanels=[4]"), "cfg.yaml", tmp, tmp.resolve("r1"), null, quiet));
    assertEquals("cfg.yaml: unknown config key 'model.chanels'; did you mean 'channels'?", typo.getMessage());
    UserError task = assertThrows(UserError.class, () -> RewardTrainingRun.run(
        config("task: clipp"), "cfg.yaml", tmp, tmp.resolve("r2"), null, quiet));
    assertTrue(task.getMessage().startsWith("cfg.yaml: task must be one of [clip, pick]"), task.getMessage());
    UserError init = assertThrows(UserError.class, () -> RewardTrainingRun.run(
        config("task: pick\nmodel: {init: no-such-model}"), "cfg.yaml", tmp, tmp.resolve("r3"), null, quiet));
    assertTrue(init.getMessage().endsWith("no-such-model: no such model (model.init)"), init.getMessage());
    assertFalse(init.getMessage().contains("\n"));
    UserError range = assertThrows(UserError.class, () -> RewardTrainingRun.run(
        config("task: clip\ndata: {augment: {large_radius: [0.12, 0.18]}}"), "cfg.yaml", tmp, tmp.resolve("r4"), null,
        quiet));
    assertTrue(range.getMessage().contains("large radius in [0.145, 0.2], not [0.12, 0.18]"), range.getMessage());
    assertFalse(range.getMessage().contains("\n"));
    assertFalse(Files.exists(tmp.resolve("r3").resolve("export")));
  }
}
