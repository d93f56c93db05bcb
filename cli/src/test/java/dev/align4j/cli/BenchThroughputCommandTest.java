package dev.align4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code align4j bench throughput} and {@code align4j bench jmh}, kept tiny: one repeat over a few images. */
class BenchThroughputCommandTest {
  @TempDir Path dir;

  private static String models() {
    Path d = Path.of("").toAbsolutePath();
    while (d != null && !Files.isDirectory(d.resolve("models"))) d = d.getParent();
    return d.resolve("models").toString();
  }

  @Test
  void measuresScoringAndWritesJsonImagesAndScores() throws Exception {
    Path json = dir.resolve("t.json");
    Align4jTest.Run r = Align4jTest.run("bench", "throughput", "--reward", "hpsv2,pickscore", "--batch-size", "1,4",
        "--count", "6", "--size", "32", "--repeats", "1", "--warmup", "0", "--models-dir", models(), "--json",
        json.toString(), "--save-images", dir.resolve("images").toString(), "--save-scores",
            dir.resolve("s.tsv").toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("| scoring | image | hpsv2 | 32x32 shapes JPEG, decode+preprocess+onnx | 4 |"),
        r.out());
    JsonNode rows = new ObjectMapper().readTree(json.toFile()).get("rows");
    assertEquals(4, rows.size());
    for (JsonNode row : rows) assertTrue(row.get("samples_per_s").asDouble() > 0, row.toString());
    assertEquals(7, Files.list(dir.resolve("images")).count(), "6 images and prompts.txt");
    assertEquals(1 + 12, Files.readAllLines(dir.resolve("s.tsv")).size());

    Align4jTest.Run again = Align4jTest.run("bench", "throughput", "--reward", "hpsv2", "--batch-size", "2",
        "--repeats",
        "1", "--warmup", "0", "--models-dir", models(), "--images", dir.resolve("images").toString());
    assertEquals(0, again.code(), again.err());
    assertTrue(again.out().contains("scoring 6 images (images images)"), again.out());
  }

  @Test
  void trainingRowsFromFinishedRuns() throws Exception {
    Path run = dir.resolve("text-20261123");
    Files.createDirectories(run);
    Files.writeString(run.resolve("config.yaml"), "modality: text\nloss: {loss_type: sigmoid}\n"
        + "trainer: {per_device_train_batch_size: 32, gradient_accumulation_steps: 1}\n");
    Files.writeString(run.resolve("metrics.jsonl"), "{\"step\":25,\"samples_per_s\":900,\"steps_per_s\":28}\n"
        + "{\"step\":50,\"samples_per_s\":2400,\"steps_per_s\":75}\n");
    Align4jTest.Run r = Align4jTest.run("bench", "throughput", "--run", run.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("| training | text | sigmoid | run text-20261123, median of 1 logged windows | 32 | "
        + "75.0 | 2400 |"),
        r.out());
    assertFalse(r.out().contains("| scoring |"), r.out());
  }

  /** The video rows at a tiny size: two pairs a step on the shipped video model, four clips. */
  @Test
  void videoRowsOnTheShippedModel() throws Exception {
    Path json = dir.resolve("v.json");
    Align4jTest.Run r = Align4jTest.run("bench", "throughput", "--video", "--video-batch-size", "2", "--count", "4",
        "--repeats", "2", "--warmup", "1", "--models-dir", models(), "--json", json.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("| training | video | diffusion_dpo | shapes-video-unet, pairs of 8x16x16 clips, "
        + "diffusion_dpo step (frozen copy, AdamW) | 2 |"), r.out());
    assertTrue(r.out().contains("| scoring | video | clip-checker | 8x16x16 clips"), r.out());
    assertTrue(r.out().contains("| scoring | video | mp4-decode | 8x16x16 MP4 (H.264)"), r.out());
    assertFalse(r.out().contains("| image |"), "no image scoring rows without --reward: " + r.out());
    JsonNode rows = new ObjectMapper().readTree(json.toFile()).get("rows");
    assertEquals(3, rows.size());
    for (JsonNode row : rows) {
      assertTrue(row.get("samples_per_s").asDouble() > 0, row.toString());
      assertEquals(2, row.get("repeats").asInt(), row.toString());
    }
    Align4jTest.Run bad = Align4jTest.run("bench", "throughput", "--video", "--video-batch-size", "0");
    assertEquals(2, bad.code());
    assertTrue(bad.err().contains("--video-batch-size must be >= 1"), bad.err());
  }

  @Test
  void mistakesAreOneLineAndWriteNothing() {
    Align4jTest.Run unknown = Align4jTest.run("bench", "throughput", "--reward", "pikscore", "--models-dir", models(),
        "--save-images", dir.resolve("imgs").toString());
    assertEquals(2, unknown.code());
    assertTrue(unknown.err().contains("did you mean 'pickscore'"), unknown.err());
    assertFalse(Files.exists(dir.resolve("imgs")));
    Path json = dir.resolve("t.json");
    Align4jTest.Run r = Align4jTest.run("bench", "throughput", "--repeats", "0", "--json", json.toString(),
        "--models-dir", models());
    assertEquals(2, r.code());
    assertTrue(r.err().contains("--repeats must be >= 1"), r.err());
    Align4jTest.Run both = Align4jTest.run("bench", "throughput", "--data", "x.parquet", "--images", "d",
        "--models-dir", models());
    assertEquals(2, both.code());
    Align4jTest.Run missing = Align4jTest.run("bench", "throughput", "--data", dir.resolve("no.parquet").toString(),
        "--json", json.toString(), "--models-dir", models());
    assertEquals(2, missing.code());
    assertTrue(missing.err().contains("no.parquet: no such file"), missing.err());
    assertFalse(Files.exists(json));
  }

  @Test
  void jmhListsTheMicrobenchmarks() {
    java.io.PrintStream stdout = System.out;
    java.io.ByteArrayOutputStream listed = new java.io.ByteArrayOutputStream();
    Align4jTest.Run r;
    try {
      System.setOut(new java.io.PrintStream(listed, true, java.nio.charset.StandardCharsets.UTF_8));
      r = Align4jTest.run("bench", "jmh", "--", "-l"); // JMH prints to System.out
    } finally {
      System.setOut(stdout);
    }
    assertEquals(0, r.code(), r.err());
    String text = listed.toString(java.nio.charset.StandardCharsets.UTF_8);
    assertTrue(text.contains("LossBenchmark.forwardBackward") && text.contains("ClipPreprocessingBenchmark.decode"),
        text);
    Align4jTest.Run bad = Align4jTest.run("bench", "jmh", "--", "-zz");
    assertEquals(2, bad.code());
  }
}
