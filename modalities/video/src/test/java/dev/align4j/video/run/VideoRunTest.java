package dev.align4j.video.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.align4j.core.config.ConfigLoader;
import dev.align4j.core.launch.Launcher;
import dev.align4j.core.util.UserError;
import dev.align4j.video.unet.VideoUNetConfig;
import dev.align4j.video.world.ShapesVideoWorld;
import dev.align4j.video.world.VideoBaseModel;
import dev.align4j.video.world.VideoPretrainRecipe;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code train video} end to end on a base model pre-trained for two steps (a wiring test, not a behaviour test). */
class VideoRunTest {
  private static ObjectNode tree(String yaml) throws Exception {
    return (ObjectNode) ConfigLoader.YAML.readTree(yaml);
  }

  private static String yaml(String base, String loss, String extra) {
    return "modality: video\n"
        + "model: {base: " + base + "}\n"
        + "pairs: {prompts: 3, eval_prompts: 1, candidates: 2, min_gap: 0.0, batch_size: 8}\n"
        + "samples: {eval_prompts: 2, eval_seeds: 1, clips: 1, steps: 2}\n"
        + "loss: " + loss + "\n"
        + extra
        + "trainer: {learning_rate: 1.0e-4, max_steps: 2, per_device_train_batch_size: 2, logging_steps: 1, "
        + "eval_steps: 2, save_steps: 2, seed: 1}\n";
  }

  @Test
  void trainsWithLevelsAndWritesBothEnds(@TempDir Path dir) throws Exception {
    Path model = dir.resolve("base");
    VideoBaseModel.build(VideoPretrainRecipe.standard().withSteps(1).withData(2, 2),
        ShapesVideoWorld.unetConfig().withChannels(List.of(8, 16), 4), model, new PrintStream(
            new ByteArrayOutputStream()), 1);
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    Path out = dir.resolve("run");
    Launcher.Request request = new Launcher.Request(tree(yaml("base", "{loss_type: levels_dpo, beta: 2500}",
        "levels: {instance: 0.8, state: 0.6, motion: 0.4}\n")), "test.yaml", dir, out, null, new PrintStream(log));
    Launcher.Outcome outcome = Launcher.launch(Launcher.provider("video").orElseThrow(), request);
    VideoRun.Result r = (VideoRun.Result) outcome.product();
    assertNotNull(r.before());
    assertNotNull(r.after());
    assertEquals(2, r.after().clips());
    assertEquals(2, outcome.training().steps());
    String metrics = Files.readString(out.resolve("metrics.jsonl"));
    assertTrue(metrics.contains("rewards/accuracies/state"), metrics);
    assertTrue(Files.isRegularFile(out.resolve("samples/after/scores.json")));
    try (Stream<Path> mp4 = Files.list(out.resolve("samples/before"))) {
      assertEquals(1, mp4.filter(p -> p.toString().endsWith(".mp4")).count());
    }
    assertTrue(Files.readAllLines(out.resolve("pairs/train.jsonl")).size() >= 1);
    assertTrue(Files.readString(out.resolve("config.yaml")).contains("state: 0.6"));
  }

  @Test
  void levelsBelongToLevelsDpoAndDataIsNotReadYet(@TempDir Path dir) throws Exception {
    ModalityCheck check = new ModalityCheck(dir);
    UserError levels = assertThrows(UserError.class, () -> check.bind(yaml("base", "{loss_type: diffusion_dpo}",
        "levels: {state: 1.0}\n")));
    assertTrue(levels.getMessage().contains("levels_dpo"), levels.getMessage());
    UserError data = assertThrows(UserError.class, () -> check.bind(yaml("base", "{loss_type: diffusion_dpo}",
        "data: {train: pairs.jsonl}\n")));
    assertTrue(data.getMessage().contains("data"), data.getMessage());
    VideoSections s = (VideoSections) check.bind(yaml(ShapesVideoWorld.REF, "{loss_type: levels_dpo}", ""));
    assertEquals(0.6, s.levels().state());
    assertEquals(VideoUNetConfig.movingShapes().numFrames(), ShapesVideoWorld.clips().frames());
  }

  /** Binds a config as {@code align4j train video} does, loading nothing. */
  private record ModalityCheck(Path dir) {
    Object bind(String yaml) throws Exception {
      return Launcher.check(new VideoProvider(), tree(yaml), "test.yaml", dir).sections();
    }
  }
}
