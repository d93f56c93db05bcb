package dev.align4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code align4j pairs video} writes perturbed pairs (no sampling) as JSONL + MP4, and {@code train video} reads
 * them back for one step from the shipped base; mistakes are one line on stderr with exit code 2.
 */
class PairsVideoCommandTest {
  private static final String NO_SAMPLES = "samples: {eval_prompts: 0, clips: 0}\n";

  @TempDir Path dir;

  @Test
  void writesADatasetThatTrainVideoReads() throws Exception {
    Path config = config("pairs.yaml", "modality: video\npairs: {builder: perturbed, prompts: 4, eval_prompts: 0, "
        + "perturbations: [colour_swap]}\n" + NO_SAMPLES);
    Align4jTest.Run r = Align4jTest.run("pairs", "video", "--config", config.toString(), "--output",
        dir.resolve("dataset").toString());
    assertEquals(0, r.code(), r.err());
    assertEquals("", r.err());
    int pairs = Files.readAllLines(dir.resolve("dataset/train.jsonl")).size();
    assertTrue(pairs >= 3, "a prompt without room in 16x16 frames gives no render: " + r.out());
    assertEquals(pairs + " train and 0 eval pairs from 4 prompts -> " + dir.resolve("dataset") + " (train.jsonl, "
        + "videos/); train video reads them with data.train: " + dir.resolve("dataset/train.jsonl"), r.out().strip());
    try (Stream<Path> videos = Files.list(dir.resolve("dataset/videos"))) {
      assertEquals(2 * pairs, videos.filter(p -> p.toString().endsWith(".mp4")).count());
    }

    Path train = config("train.yaml", "modality: video\ndata: {train: dataset/train.jsonl}\n" + NO_SAMPLES
        + "trainer: {max_steps: 1, per_device_train_batch_size: 2, logging_steps: 1, save_steps: 1}\n");
    Align4jTest.Run t = Align4jTest.run("train", "video", "--config", train.toString(), "--output",
        dir.resolve("run").toString(), "--models-dir", modelsDir().toString());
    assertEquals(0, t.code(), t.err());
    assertTrue(Files.isRegularFile(dir.resolve("run/pairs/train.jsonl")));
  }

  @Test
  void mistakesAreOneLine() throws Exception {
    Path data = config("data.yaml", "modality: video\ndata: {train: dataset/train.jsonl}\n");
    userError(Align4jTest.run("pairs", "video", "--config", data.toString()), data
        + ": pairs video builds the pairs a pairs: section describes; this config reads data: instead");
    Path both = config("both.yaml", "modality: video\ndata: {train: x.jsonl}\npairs: {builder: perturbed}\n");
    userError(Align4jTest.run("pairs", "video", "--config", both.toString()), both + ": give exactly one of data");
    userError(Align4jTest.run("pairs", "video", "--config", dir.resolve("nope.yaml").toString()),
        dir.resolve("nope.yaml") + ": no such config file");
    userError(Align4jTest.run("pairs", "video"), "Missing required option: '--config=FILE.yaml'");

    Path videos = Files.createDirectories(dir.resolve("bad/videos"));
    Files.write(videos.resolve("a.mp4"), new byte[] {0, 0, 0, 24, 'f', 't', 'y', 'p'});
    Files.write(videos.resolve("b.mp4"), new byte[] {0, 0, 0, 24, 'f', 't', 'y', 'p'});
    Files.writeString(dir.resolve("bad/train.jsonl"), "{\"caption\": \"a small red circle falls\", \"video_0\": "
        + "\"videos/a.mp4\", \"video_1\": \"videos/b.mp4\", \"label_0\": 1}\n");
    Path corrupt = config("corrupt.yaml", "modality: video\ndata: {train: bad/train.jsonl}\n" + NO_SAMPLES);
    Align4jTest.Run r = Align4jTest.run("train", "video", "--config", corrupt.toString(), "--output",
        dir.resolve("run").toString(), "--models-dir", modelsDir().toString());
    userError(r, dir.resolve("bad/train.jsonl") + ":1, not a decodable video: " + videos.resolve("a.mp4"));
  }

  private static void userError(Align4jTest.Run r, String start) {
    assertEquals(2, r.code(), r.err());
    List<String> lines = r.errLines();
    assertEquals(1, lines.size(), r.err());
    assertTrue(lines.get(0).startsWith("align4j: error: " + start), lines.get(0));
  }

  private Path config(String name, String yaml) throws Exception {
    Path p = dir.resolve(name);
    Files.writeString(p, yaml);
    return p;
  }

  /** The repository's models/ (the shipped video base), found upwards from cli/. */
  private static Path modelsDir() {
    Path d = Path.of("").toAbsolutePath();
    while (d != null && !Files.isDirectory(d.resolve("models").resolve("shapes-video-unet"))) d = d.getParent();
    assertTrue(d != null, "models/shapes-video-unet not found");
    return d.resolve("models");
  }
}
