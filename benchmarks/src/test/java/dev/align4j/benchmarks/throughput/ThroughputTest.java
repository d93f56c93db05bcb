package dev.align4j.benchmarks.throughput;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.align4j.core.util.UserError;
import dev.align4j.rewards.RewardModel;
import dev.align4j.rewards.Rewards;
import dev.align4j.rewards.onnx.SessionConfig;
import dev.align4j.video.world.ShapesVideoWorld;
import dev.align4j.video.world.VideoBaseModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ThroughputTest {
  @TempDir Path tmp;

  @Test
  void rowsTakeTheMedianRepeat() {
    ThroughputRow r = ThroughputRow.fromTimings("training", "image", "diffusion_dpo", "8 pairs of 32x32", 8, 10, 80,
        new double[] {2.0, 1.0, 4.0}, "cpu");
    assertEquals(40, r.samplesPerSecond(), 1e-12);
    assertEquals(5, r.stepsPerSecond(), 1e-12);
    assertEquals(20, r.samplesPerSecondMin(), 1e-12);
    assertEquals(80, r.samplesPerSecondMax(), 1e-12);
    String md = ThroughputTable.markdown(List.of(r));
    assertTrue(md.contains("| training | image | diffusion_dpo | 8 pairs of 32x32 | 8 | 5.00 | 40.0 | 20.0-80.0 | 3 | "
        + "cpu |"), md);
    JsonNode j = ThroughputTable.json(List.of(r));
    assertEquals(40, j.get("rows").get(0).get("samples_per_s").asDouble(), 1e-12);
    assertTrue(j.get("machine").get("cores").asInt() >= 1);
  }

  @Test
  void trainingRowsComeFromARunDirectory() throws Exception {
    Path run = tmp.resolve("text-1");
    Files.createDirectories(run);
    Files.writeString(run.resolve("config.yaml"), """
        modality: text
        loss: {loss_type: [sigmoid, sft], beta: 0.1}
        trainer: {per_device_train_batch_size: 16, gradient_accumulation_steps: 2, device: cpu}
        """);
    Files.writeString(run.resolve("metrics.jsonl"), """
        {"step":25,"loss":0.9,"samples_per_s":100.0,"steps_per_s":3.1}
        {"step":50,"loss":0.8,"samples_per_s":320.0,"steps_per_s":10.0}
        {"step":75,"loss":0.7,"samples_per_s":300.0,"steps_per_s":9.4}
        {"step":100,"loss":0.6,"samples_per_s":340.0,"steps_per_s":10.6}
        """);
    ThroughputRow r = TrainingThroughput.fromRun(run, 1);
    assertEquals("training", r.task());
    assertEquals("text", r.modality());
    assertEquals("sigmoid+sft", r.method());
    assertEquals(32, r.batchSize());
    assertEquals(320, r.samplesPerSecond(), 1e-12);
    assertEquals(10.0, r.stepsPerSecond(), 1e-12);
    assertEquals(300, r.samplesPerSecondMin(), 1e-12);
    assertEquals(3, r.repeats());
    assertThrows(UserError.class, () -> TrainingThroughput.fromRun(tmp.resolve("none"), 1));
  }

  /** The video rows run at a tiny size: one warm-up and two timed steps of two pairs, three clips. */
  @Test
  void videoRowsRunAtATinySize() {
    Path shipped = Path.of("../models", ShapesVideoWorld.MODEL_NAME).toAbsolutePath().normalize();
    try (NDManager m = NDManager.newBaseManager(); VideoBaseModel model = VideoBaseModel.load(shipped, m)) {
      ThroughputRow train = VideoThroughput.training(model, 2, 1, 2, 3, m);
      assertEquals("training", train.task());
      assertEquals("video", train.modality());
      assertEquals(2, train.batchSize());
      assertEquals(2, train.repeats());
      assertEquals(train.samplesPerSecond() / 2, train.stepsPerSecond(), 1e-9);
      assertEquals(m.getDevice().isGpu() ? "cuda:0" : "cpu", train.device());
    }
    List<VideoThroughput.Clip> clips = VideoThroughput.clips(3, 5);
    assertEquals(3, clips.size());
    assertEquals(8, clips.get(0).video().frames().size());
    for (ThroughputRow r : List.of(VideoThroughput.checker(clips, 0, 2), VideoThroughput.mp4Decode(clips, 1, 1))) {
      assertEquals("scoring", r.task());
      assertTrue(r.samplesPerSecond() > 0, r.toString());
      assertTrue(r.setup().startsWith("8x16x16 "), r.setup());
    }
    assertEquals(4, VideoThroughput.pairs(4, 1).size());
  }

  @Test
  void imagesRoundTripThroughADirectory() {
    List<EncodedImages.Item> items = EncodedImages.shapes(5, 32, 3);
    assertEquals(items.get(2).prompt(), EncodedImages.shapes(3, 32, 3).get(2).prompt(), "item i depends on seed and i");
    Path dir = tmp.resolve("images");
    EncodedImages.save(items, dir);
    List<EncodedImages.Item> back = EncodedImages.directory(dir, "unused");
    assertEquals(5, back.size());
    for (int i = 0; i < 5; i++) {
      assertEquals(items.get(i).name(), back.get(i).name());
      assertEquals(items.get(i).prompt(), back.get(i).prompt());
      assertArrayEquals(items.get(i).bytes(), back.get(i).bytes());
    }
    assertThrows(UserError.class, () -> EncodedImages.save(items, dir), "not empty");
    assertThrows(UserError.class, () -> EncodedImages.directory(tmp.resolve("none"), "p"));
  }

  @Test
  void scoresEveryImageOncePerRepeat() throws Exception {
    Path models = Path.of("").toAbsolutePath().getParent().resolve("models");
    List<EncodedImages.Item> items = EncodedImages.shapes(6, 48, 1);
    var registry = Rewards.registry(models, SessionConfig.cpu().withBatchSize(4));
    try (RewardModel model = registry.open("hpsv2")) {
      float[] batched = ScoringThroughput.scoreAll(model, items, 4);
      float[] single = ScoringThroughput.scoreAll(model, items, 1);
      assertArrayEquals(single, batched, 1e-5f);
      ThroughputRow r = ScoringThroughput.measure(model, items, new ScoringThroughput.Settings(4, 0, 2), "48x48 JPEG",
          "cpu");
      assertEquals("hpsv2", r.method());
      assertEquals(2, r.repeats());
      assertTrue(r.samplesPerSecond() > 0 && r.stepsPerSecond() > 0);
      assertEquals(r.samplesPerSecond() / 6 * 2, r.stepsPerSecond(), r.stepsPerSecond() * 1e-9, "2 steps per repeat");
    }
    Path json = tmp.resolve("out/t.json");
    ThroughputTable.writeJson(List.of(), json);
    assertTrue(new ObjectMapper().readTree(json.toFile()).get("rows").isEmpty());
    assertTrue(Files.list(json.getParent()).allMatch(p -> p.equals(json)));
  }
}
