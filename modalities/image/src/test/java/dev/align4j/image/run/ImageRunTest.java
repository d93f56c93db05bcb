package dev.align4j.image.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.align4j.core.config.ConfigLoader;
import dev.align4j.core.shapes.PickapicWriter;
import dev.align4j.core.shapes.RenderOptions;
import dev.align4j.core.shapes.Renderer;
import dev.align4j.core.shapes.ShapesDataset;
import dev.align4j.core.util.UserError;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code train image} end to end on the real-model path, and the config mistakes it refuses. */
class ImageRunTest {
  static final Path MODELS = ImageMethodsBehaviourTest.MODELS;
  static final Path SD_TINY = Path.of("src/test/resources/fixtures/sd-tiny").toAbsolutePath();
  static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());
  @TempDir Path dir;

  @Test
  void torchScriptUnetWithLoraTrainsOnPickapicParquet() throws IOException {
    Path parquet = dir.resolve("pickapic.parquet");
    new PickapicWriter().write(parquet, new ShapesDataset(new Renderer(RenderOptions.square(40)), 5, 2)
        .pickapic(24, 0, 0.1));
    ObjectNode cfg = bind("""
        model: {base: %s}
        data: {train: pickapic.parquet, eval_fraction: 0.25}
        samples: {grid_prompts: 2, grid_seeds: 2, eval_prompts: 3, eval_seeds: 1, steps: 3, reward: shapes-pick}
        loss: {loss_type: diffusion_dpo, beta: 2500, beta_convention: diffusers}
        trainable: {mode: lora}
        trainer: {max_steps: 3, per_device_train_batch_size: 2, per_device_eval_batch_size: 4, eval_steps: 3,
                  save_steps: 3, learning_rate: 1.0e-3, seed: 3}
        """.formatted(SD_TINY));
    Path out = dir.resolve("run");
    ImageRun.Result r = ImageRun.run(cfg, "test.yaml", dir, MODELS, out, null, QUIET);
    assertEquals(3, r.training().steps());
    assertTrue(Files.isDirectory(out.resolve("final")));
    assertTrue(Files.isRegularFile(out.resolve("samples-before.png"))
        && Files.isRegularFile(out.resolve("samples-after.png")));
    assertTrue(Files.isRegularFile(out.resolve("samples/after/prompts.txt")));
    assertEquals(3, r.before().rewards().length, "held-out prompts come from the eval split's captions");
    assertTrue(Files.readString(out.resolve("eval.jsonl")).contains("eval_reward"));
  }

  @Test
  void heldOutSamplesAreScoredBeforeAndAfterWithoutEvalData() {
    Path parquet = dir.resolve("pickapic.parquet");
    new PickapicWriter().write(parquet, new ShapesDataset(new Renderer(RenderOptions.square(40)), 6, 2)
        .pickapic(8, 0, 0));
    ObjectNode cfg = bind("""
        model: {base: %s}
        data: {train: pickapic.parquet}
        samples: {grid_prompts: 0, eval_prompts: 2, eval_seeds: 1, steps: 3, reward: shapes-pick}
        loss: {loss_type: diffusion_dpo}
        trainable: {mode: lora}
        trainer: {max_steps: 2, per_device_train_batch_size: 2, save_steps: 2, learning_rate: 1.0e-2, seed: 3}
        """.formatted(SD_TINY));
    Path out = dir.resolve("run");
    ImageRun.Result r = ImageRun.run(cfg, "test.yaml", dir, MODELS, out, null, QUIET);
    assertEquals(2, r.before().rewards().length);
    assertTrue(r.after() != null && r.after() != r.before(), "the tuned model's samples are scored too");
    assertTrue(Files.isRegularFile(out.resolve("samples/before/prompts.txt")));
    assertTrue(Files.isRegularFile(out.resolve("samples/after/prompts.txt")));
  }

  /**
   * TR-DPO on an image run: with {@code ref_model_mixup_alpha: 1} the sync copies the policy into the reference,
   * so the checkpoints show the reference apart from the policy before the sync step and equal to it at it.
   */
  @Test
  void trDpoSyncMovesTheReferenceAtTheSyncStep() throws IOException {
    Path parquet = dir.resolve("pickapic.parquet");
    new PickapicWriter().write(parquet, new ShapesDataset(new Renderer(RenderOptions.square(32)), 8, 2)
        .pickapic(8, 0, 0));
    ObjectNode cfg = bind("""
        model: {base: %s}
        data: {train: pickapic.parquet}
        samples: {grid_prompts: 0, eval_prompts: 0, steps: 2, reward: shapes-pick}
        loss: {loss_type: diffusion_dpo}
        trainable: {mode: lora}
        reference: {sync_ref_model: true, ref_model_sync_steps: 2, ref_model_mixup_alpha: 1.0}
        trainer: {max_steps: 2, per_device_train_batch_size: 2, save_steps: 1, learning_rate: 1.0e-2, seed: 3}
        """.formatted(SD_TINY));
    Path out = dir.resolve("run");
    ImageRun.run(cfg, "test.yaml", dir, MODELS, out, null, QUIET);
    Path step1 = out.resolve("checkpoints/step-1");
    Path step2 = out.resolve("checkpoints/step-2");
    byte[] policy1 = Files.readAllBytes(step1.resolve("model/tuned.ndlist"));
    byte[] reference1 = Files.readAllBytes(step1.resolve("reference/tuned.ndlist"));
    byte[] policy2 = Files.readAllBytes(step2.resolve("model/tuned.ndlist"));
    byte[] reference2 = Files.readAllBytes(step2.resolve("reference/tuned.ndlist"));
    assertFalse(Arrays.equals(policy1, reference1), "before the sync step the reference is the starting model");
    assertFalse(Arrays.equals(reference1, reference2), "the reference moved at the sync step");
    assertArrayEquals(policy2, reference2, "alpha 1: the reference is the policy after the sync");
  }

  @Test
  void aRunContinuesFromAnEarlierRunsFinalModel() {
    Path parquet = dir.resolve("pickapic.parquet");
    new PickapicWriter().write(parquet, new ShapesDataset(new Renderer(RenderOptions.square(32)), 7, 2)
        .pickapic(8, 0, 0));
    String yaml = """
        model: {base: %s}
        data: {train: pickapic.parquet}
        samples: {grid_prompts: 0, eval_prompts: 2, eval_seeds: 1, steps: 3, reward: shapes-pick}
        loss: {loss_type: %s}
        trainer: {max_steps: 2, per_device_train_batch_size: 2, save_steps: 2, learning_rate: 1.0e-3, seed: 3}
        """;
    ImageRun.Result sft = ImageRun.run(bind(yaml.formatted("embedded:shapes", "diffusion_sft")), "test.yaml", dir,
        MODELS, dir.resolve("sft"), null, QUIET);
    ImageRun.Result dpo = ImageRun.run(bind(yaml.formatted("sft/final", "diffusion_dpo")), "test.yaml", dir,
        MODELS, dir.resolve("dpo"), null, QUIET);
    assertArrayEquals(sft.after().rewards(), dpo.before().rewards(), 0f,
        "the second run starts from (and its reference is) the first run's tuned UNet");
    assertNotEquals(sft.before().meanReward(), dpo.before().meanReward());
  }

  @Test
  void mistakesAreOneLine() {
    UserError twoSources = assertThrows(UserError.class, () -> ImageRun.run(bind("""
        data: {train: a.jsonl}
        pairs: {prompts: 4}
        """), "test.yaml", dir, MODELS, dir.resolve("a"), null, QUIET));
    assertTrue(twoSources.getMessage().contains("exactly one of data"), twoSources.getMessage());
    UserError onlineWithoutPrompts = assertThrows(UserError.class, () -> ImageRun.run(bind("""
        pairs: {prompts: 4}
        loss: {loss_type: spo}
        """), "test.yaml", dir, MODELS, dir.resolve("b"), null, QUIET));
    assertTrue(onlineWithoutPrompts.getMessage().contains("online section"), onlineWithoutPrompts.getMessage());
    UserError unknownKey = assertThrows(UserError.class, () -> ImageRun.run(bind("""
        pairs: {prompt: 4}
        """), "test.yaml", dir, MODELS, dir.resolve("d"), null, QUIET));
    assertTrue(unknownKey.getMessage().contains("prompts"), unknownKey.getMessage());
    UserError badBase = assertThrows(UserError.class, () -> ImageRun.run(bind("""
        model: {base: nowhere}
        pairs: {prompts: 4}
        """), "test.yaml", dir, MODELS, dir.resolve("c"), null, QUIET));
    assertTrue(badBase.getMessage().contains("nowhere"), badBase.getMessage());
    assertTrue(Files.notExists(dir.resolve("c")), "nothing written for a config mistake");
  }

  static ObjectNode bind(String yaml) {
    try {
      return (ObjectNode) ConfigLoader.YAML.readTree("modality: image\n" + yaml);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
