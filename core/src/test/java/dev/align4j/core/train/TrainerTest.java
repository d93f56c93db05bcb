package dev.align4j.core.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import dev.align4j.core.config.ConfigLoader;
import dev.align4j.core.config.TrainerConfig;
import dev.align4j.core.util.UserError;
import dev.align4j.losses.LossRegistry;
import dev.align4j.losses.PreferenceLoss;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainerTest {
  @TempDir Path tmp;

  private static TrainerConfig config(String yaml) {
    return ConfigLoader.bind(ConfigLoader.YAML.valueToTree(ConfigLoader.read(writeTemp(yaml))), TrainerConfig.class,
        "test", "trainer");
  }

  private static Path writeTemp(String yaml) {
    try {
      Path p = Files.createTempFile("trainer", ".yaml");
      Files.writeString(p, yaml);
      return p;
    } catch (java.io.IOException e) {
      throw new RuntimeException(e);
    }
  }

  private static Progress quiet() {
    return new Progress(new PrintStream(new ByteArrayOutputStream()), false, 0, 1);
  }

  private float[] run(NDManager m, TrainerConfig cfg, String lossName, Path runDir, Path resume, Integer stopAfter) {
    PreferenceLoss loss = LossRegistry.create(lossName, Map.of("beta", 0.5));
    try (LinearScorer policy = new LinearScorer(m, new float[ToyModality.FEATURES], true);
        Reference<LinearScorer> ref = Reference.frozenCopy(policy)) {
      var trainer = Trainer.preference(cfg, new ToyModality(), loss, policy).reference(ref)
          .data(ToyModality.examples(64, 1), ToyModality.examples(32, 2)).runDir(runDir).configYaml("x: 1\n")
          .stopAfterStep(stopAfter).optimizerManager(m).build();
      trainer.train(resume, quiet());
      return policy.weight.toFloatArray();
    }
  }

  @Test
  void resumeContinuesExactly() throws Exception {
    TrainerConfig cfg = config("learning_rate: 0.05\nmax_steps: 20\nsave_steps: 10\nlogging_steps: 5\n"
        + "per_device_train_batch_size: 6\ngradient_accumulation_steps: 2\nwarmup_steps: 3\n"
        + "lr_scheduler_type: cosine\nmax_grad_norm: 0.5\nweight_decay: 0.01\n");
    try (NDManager m = NDManager.newBaseManager()) {
      float[] straight = run(m, cfg, "sigmoid", tmp.resolve("a"), null, null);
      run(m, cfg, "sigmoid", tmp.resolve("b"), null, 10);  // "killed" after the step-10 checkpoint
      float[] resumed = run(m, cfg, "sigmoid", tmp.resolve("b"), Checkpoint.resolve(tmp.resolve("b")), null);
      assertArrayEquals(straight, resumed, 1e-6f);
      // The resumed run's log equals the straight one's, step for step.
      List<String> a = Files.readAllLines(tmp.resolve("a/metrics.jsonl"));
      List<String> b = Files.readAllLines(tmp.resolve("b/metrics.jsonl"));
      assertEquals(a.size(), b.size());
      assertTrue(Files.isDirectory(tmp.resolve("b/final")));
    }
  }

  @Test
  void aFreshRunInAUsedDirectoryStartsItsLogsOver() throws Exception {
    TrainerConfig cfg = config("learning_rate: 0.05\nmax_steps: 10\nlogging_steps: 5\neval_steps: 5\n"
        + "per_device_train_batch_size: 4\n");
    try (NDManager m = NDManager.newBaseManager()) {
      run(m, cfg, "sigmoid", tmp.resolve("r"), null, null);
      run(m, cfg, "sigmoid", tmp.resolve("r"), null, null);
      assertEquals(List.of(5, 10), steps(tmp.resolve("r/metrics.jsonl")), "only the second run's lines");
      assertEquals(List.of(0, 5, 10), steps(tmp.resolve("r/eval.jsonl")));
    }
  }

  private static List<Integer> steps(Path log) throws Exception {
    List<Integer> out = new java.util.ArrayList<>();
    for (String line : Files.readAllLines(log)) out.add(ConfigLoader.YAML.readTree(line).get("step").asInt());
    return out;
  }

  @Test
  void bcoStateSurvivesResume() {
    TrainerConfig cfg = config("learning_rate: 0.05\nmax_steps: 12\nsave_steps: 6\nper_device_train_batch_size: 4\n");
    try (NDManager m = NDManager.newBaseManager()) {
      float[] straight = run(m, cfg, "bco_pair", tmp.resolve("a"), null, null);
      run(m, cfg, "bco_pair", tmp.resolve("b"), null, 6);
      assertArrayEquals(straight, run(m, cfg, "bco_pair", tmp.resolve("b"), Checkpoint.resolve(tmp.resolve("b")), null),
          1e-6f);
    }
  }

  @Test
  void trainingSeparatesHeldOutPairs() throws Exception {
    TrainerConfig cfg = config("learning_rate: 0.1\nmax_steps: 100\nper_device_train_batch_size: 8\neval_steps: 50\n");
    try (NDManager m = NDManager.newBaseManager()) {
      run(m, cfg, "sigmoid", tmp.resolve("r"), null, null);
      List<String> eval = Files.readAllLines(tmp.resolve("r/eval.jsonl"));
      assertEquals(3, eval.size(), "steps 0 (the starting policy), 50 and 100");
      assertEquals(0, ConfigLoader.YAML.readTree(eval.get(0)).get("step").asInt());
      var last = ConfigLoader.YAML.readTree(eval.get(2));
      assertTrue(last.get("eval_rewards/accuracies").asDouble() >= 0.9, eval.get(2));
      var metrics = Files.readAllLines(tmp.resolve("r/metrics.jsonl"));
      var first = ConfigLoader.YAML.readTree(metrics.get(0));
      for (String key : List.of("step", "loss", "lr", "grad_norm", "rewards/chosen", "rewards/rejected",
          "rewards/margins", "rewards/accuracies", "logps/chosen", "logps/rejected", "samples_per_s", "rss_mib")) {
        assertTrue(first.has(key), "metrics.jsonl lacks " + key + ": " + metrics.get(0));
      }
    }
  }

  @Test
  void divergenceStopsWithOneLineAndKeepsTheLastCheckpoint() {
    TrainerConfig cfg = config("learning_rate: 1.0e+38\nmax_steps: 50\nsave_steps: 1\nmax_grad_norm: 0\n"
        + "adam_epsilon: 1.0e-30\nlr_scheduler_type: constant\n");
    try (NDManager m = NDManager.newBaseManager()) {
      UserError e = assertThrows(UserError.class, () -> run(m, cfg, "sigmoid", tmp.resolve("n"), null, null));
      assertTrue(e.getMessage().contains("training stopped"), e.getMessage());
      assertTrue(e.getMessage().contains("last good checkpoint"), e.getMessage());
      assertTrue(Files.isRegularFile(Checkpoint.resolve(tmp.resolve("n")).resolve("state.json")));
    }
  }

  @Test
  void trDpoMovesTheReferenceTowardsThePolicy() {
    try (NDManager m = NDManager.newBaseManager();
        LinearScorer policy = new LinearScorer(m, new float[] {1, 2}, true);
        Reference<LinearScorer> ref = Reference.frozenCopy(policy)) {
      policy.weight.set(new float[] {3, 6});
      ref.sync(policy, 0.6);  // ref <- 0.6 policy + 0.4 ref
      assertArrayEquals(new float[] {2.2f, 4.4f}, ref.copy().weight.toFloatArray(), 1e-6f);
    }
  }

  @Test
  void trDpoResumesExactlyWithTheSyncedReference() {
    TrainerConfig cfg = config("learning_rate: 0.05\nmax_steps: 12\nsave_steps: 6\nper_device_train_batch_size: 4\n");
    try (NDManager m = NDManager.newBaseManager()) {
      float[] straight = runSynced(m, cfg, tmp.resolve("a"), null, null);
      runSynced(m, cfg, tmp.resolve("b"), null, 6);
      assertArrayEquals(straight, runSynced(m, cfg, tmp.resolve("b"), Checkpoint.resolve(tmp.resolve("b")), null),
          1e-6f);
      assertTrue(Files.isDirectory(Checkpoint.resolve(tmp.resolve("b")).resolve("reference")));
    }
  }

  private float[] runSynced(NDManager m, TrainerConfig cfg, Path runDir, Path resume, Integer stopAfter) {
    try (LinearScorer policy = new LinearScorer(m, new float[ToyModality.FEATURES], true);
        Reference<LinearScorer> ref = Reference.frozenCopy(policy)) {
      Trainer.preference(cfg, new ToyModality(), LossRegistry.create("sigmoid", Map.of()), policy).reference(ref)
          .data(ToyModality.examples(64, 1), List.of()).runDir(runDir).configYaml("x: 1\n").referenceSync(4, 0.6)
          .stopAfterStep(stopAfter).optimizerManager(m).build()
          .train(resume, quiet());
      return policy.weight.toFloatArray();
    }
  }
}
