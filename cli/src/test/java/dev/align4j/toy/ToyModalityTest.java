package dev.align4j.toy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.align4j.cli.Align4j;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's open contract: a modality that only a services file registers (this package and
 * {@code META-INF/services/dev.align4j.core.launch.ModalityProvider} in the test resources) is listed by
 * {@code align4j train --help} and trained by {@code align4j train toy}, with the shared wiring (banner,
 * trainer, reference, TR-DPO sync, unknown keys) coming from core.
 */
class ToyModalityTest {
  private static final String CONFIG = """
      modality: toy
      world: {features: 8, examples: 256, seed: 3}
      loss: {loss_type: sigmoid, beta: 0.5}
      trainer: {max_steps: 40, per_device_train_batch_size: 16, learning_rate: 0.05, eval_steps: 20,
                save_steps: 20, logging_steps: 10, seed: 5}
      """;

  @TempDir Path dir;

  private record Run(int code, String out, String err) {}

  /** {@code align4j args...} in-process, stdout (where runs print) captured too. */
  private static Run align4j(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    PrintStream saved = System.out;
    System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
    int code;
    try {
      code = Align4j.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
    } finally {
      System.setOut(saved);
    }
    return new Run(code, out + stdout.toString(StandardCharsets.UTF_8), err.toString());
  }

  private Path config(String yaml) throws IOException {
    Path p = dir.resolve("toy.yaml");
    Files.writeString(p, yaml);
    return p;
  }

  @Test
  void helpListsEveryProviderFound() {
    Run r = align4j("train", "--help");
    assertEquals(0, r.code(), r.err());
    for (String name : List.of("toy", "text", "image", "bt_text")) assertTrue(r.out().contains(name), r.out());
    assertTrue(r.out().contains("A toy modality found through a services file"), r.out());
    Run sub = align4j("train", "toy", "--help");
    assertEquals(0, sub.code(), sub.err());
    for (String option : List.of("--config", "--set", "--output", "--resume")) {
      assertTrue(sub.out().contains(option), sub.out());
    }
  }

  @Test
  void trainsThroughTheCommandLine() throws IOException {
    Path out = dir.resolve("run");
    Run r = align4j("train", "toy", "--config", config(CONFIG).toString(), "--output", out.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("toy on cpu(): 192 train / 64 eval examples, loss sigmoid, 1 trainable tensors "
        + "(full), reference frozen_copy, 40 steps -> " + out), r.out());
    assertTrue(r.out().contains("done: 40 steps; last loss"), r.out());
    assertTrue(r.out().contains("run directory: " + out), r.out());
    assertTrue(Files.isRegularFile(out.resolve("final/w.bin")));
    String yaml = Files.readString(out.resolve("config.yaml"));
    assertTrue(yaml.startsWith("modality: toy\nworld:"), yaml);
    List<String> eval = Files.readAllLines(out.resolve("eval.jsonl"));
    JsonNode last = new ObjectMapper().readTree(eval.get(eval.size() - 1));
    assertTrue(last.get("eval_rewards/accuracies").asDouble() > 0.8, eval.toString());
  }

  @Test
  void trDpoSyncComesFromTheLauncher() throws IOException {
    Path out = dir.resolve("run");
    Run r = align4j("train", "toy", "--config", config(CONFIG).toString(), "--output", out.toString(),
        "--set", "reference.sync_ref_model=true", "--set", "reference.ref_model_sync_steps=10");
    assertEquals(0, r.code(), r.err());
    float[] reference = floats(out.resolve("checkpoints/step-40/reference"));
    assertFalse(java.util.Arrays.equals(new float[8], reference), "the reference moved from the zero start");
  }

  @Test
  void unknownKeysAreTheLaunchersToo() throws IOException {
    Run r = align4j("train", "toy", "--config", config(CONFIG.replace("world:", "wrld:")).toString(),
        "--output", dir.resolve("run").toString());
    assertEquals(2, r.code(), r.out());
    assertTrue(r.err().contains("unknown config key 'wrld'") && r.err().contains("'world'"), r.err());
    assertFalse(Files.exists(dir.resolve("run")), "nothing written");
  }

  private static float[] floats(Path modelDir) throws IOException {
    try (ai.djl.ndarray.NDManager m = ai.djl.ndarray.NDManager.newBaseManager();
        ai.djl.ndarray.NDList list = ai.djl.ndarray.NDList.decode(m, Files.readAllBytes(modelDir.resolve("w.bin")))) {
      return list.get(0).toFloatArray();
    }
  }
}
