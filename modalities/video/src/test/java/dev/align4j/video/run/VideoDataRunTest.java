package dev.align4j.video.run;

import static dev.align4j.video.run.VideoRunTest.tinyBase;
import static dev.align4j.video.run.VideoRunTest.tree;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.align4j.core.config.ConfigLoader;
import dev.align4j.core.launch.Launcher;
import dev.align4j.core.util.UserError;
import dev.align4j.video.data.VideoDataFixtures;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code train video} on {@code data:} (a dataset {@code pairs video} wrote, a VideoDPO directory) and
 * {@code pairs video}, end to end on a base model pre-trained for one step; the config mistakes around them.
 */
class VideoDataRunTest {
  private static final String HEAD = "modality: video\nmodel: {base: base}\nloss: {loss_type: diffusion_dpo}\n"
      + "samples: {eval_prompts: 0, clips: 0, steps: 2}\n"
      + "trainer: {learning_rate: 1.0e-4, max_steps: 2, per_device_train_batch_size: 2, logging_steps: 1, "
      + "eval_steps: 2, save_steps: 2, seed: 1}\n";
  private static final String PERTURBED = "pairs: {builder: perturbed, prompts: 6, eval_prompts: 4, "
      + "perturbations: [frozen, reversed]}\n";
  private static final PrintStream QUIET = new PrintStream(new ByteArrayOutputStream());

  /** pairs video builds what train video builds from the same pairs: section, and data: reads it back. */
  @Test
  void pairsVideoWritesTheDatasetThatDataReadsBack(@TempDir Path dir) throws Exception {
    tinyBase(dir.resolve("base"));
    Path built = launch(dir, "built", HEAD + PERTURBED).output;
    VideoPairsExport.Result r = VideoPairsExport.run(tree(HEAD + PERTURBED), "pairs.yaml", dir, null,
        dir.resolve("dataset"), QUIET);
    assertEquals(Set.of("train", "eval"), r.files().keySet());
    assertEquals(dir.resolve("dataset/train.jsonl"), r.files().get("train"));
    Launched read = launch(dir, "read", HEAD + "data: {train: dataset/train.jsonl, eval: dataset/eval.jsonl}\n");
    assertEquals(2, read.outcome.training().steps());
    for (String split : List.of("train", "eval")) {
      List<JsonNode> fromPairs = rows(built.resolve("pairs/" + split + ".jsonl"));
      List<JsonNode> fromData = rows(read.output.resolve("pairs/" + split + ".jsonl"));
      List<JsonNode> written = rows(dir.resolve("dataset/" + split + ".jsonl"));
      assertEquals(split.equals("train") ? r.trainPairs() : r.evalPairs(), fromPairs.size());
      assertEquals(fromPairs.size(), fromData.size());
      assertEquals(fromPairs.size(), written.size());
      for (int i = 0; i < fromPairs.size(); i++) {
        JsonNode b = fromPairs.get(i);
        JsonNode d = fromData.get(i);
        JsonNode w = written.get(i);
        assertEquals(b.get("caption"), d.get("caption"));
        assertEquals(b.get("caption"), w.get("caption"));
        assertEquals(b.get("perturbation"), w.get("perturbation"), "provenance: " + w);
        assertEquals(b.get("winner"), w.get("score_0"), "the checker's scores of the clips as built");
        assertEquals("perturbed", w.get("builder").asText());
        assertTrue(w.get("model").isNull(), "perturbed pairs are drawn by no model: " + w);
        assertEquals("data", d.get("builder").asText());
        assertEquals(dir.resolve("dataset/" + split + ".jsonl") + ":" + (i + 1), d.get("source").asText());
        assertTrue(d.get("winner").has("motion"), "read-back clips of world captions are scored: " + d);
      }
    }
  }

  @Test
  void trainsOnAVideoDpoDirectoryWithItsDupWeights(@TempDir Path dir) throws Exception {
    tinyBase(dir.resolve("base"));
    VideoDataFixtures.videoDpo(dir.resolve("videodpo"), 16, 16);
    Launched run = launch(dir, "run", HEAD + "data: {train: videodpo}\nvideodpo: {dupbeta: 1.0}\n");
    assertEquals(2, run.outcome.training().steps());
    List<JsonNode> pairs = rows(run.output.resolve("pairs/train.jsonl"));
    assertEquals(2, pairs.size());
    assertEquals(2.0, pairs.get(0).get("weight").asDouble(), 1e-12, "(0.72 / 0.36)^1");
    assertEquals(1.0, pairs.get(1).get("weight").asDouble(), "no score, no weight");
    assertEquals(VideoDataFixtures.VIDEODPO_CAPTIONS.get(1), pairs.get(1).get("caption").asText());
    assertEquals(dir.resolve("videodpo/pair.json") + "[0]", pairs.get(0).get("source").asText());
    assertTrue(Files.readString(run.output.resolve("config.yaml")).contains("dupbeta: 1.0"));
  }

  @Test
  void exactlyOneOfDataAndPairsAndEachMistakeIsOneLine(@TempDir Path dir) throws Exception {
    VideoRunTest.ModalityCheck check = new VideoRunTest.ModalityCheck(dir);
    String exactlyOne = "test.yaml: give exactly one of data (data.train: a VideoDPO directory or a Pick-a-Pic-style "
        + "video JSONL file) or pairs (pairs built in the moving-shapes world: pairs.builder)";
    assertOneLine(exactlyOne, assertThrows(UserError.class, () -> check.bind(HEAD + PERTURBED
        + "data: {train: x.jsonl}\n")));
    assertOneLine(exactlyOne, assertThrows(UserError.class, () -> check.bind(HEAD)));
    assertOneLine("test.yaml: videodpo: says how a VideoDPO directory in data: is read", assertThrows(
        UserError.class, () -> check.bind(HEAD + PERTURBED + "videodpo: {dupbeta: 1.0}\n")));
    assertOneLine("test.yaml: data.format unpaired: video data is paired", assertThrows(UserError.class,
        () -> check.bind(HEAD + "data: {train: x.jsonl, format: unpaired}\n")));
    assertOneLine("pairs.yaml: pairs video builds the pairs a pairs: section describes", assertThrows(
        UserError.class, () -> VideoPairsExport.run(tree(HEAD + "data: {train: x.jsonl}\n"), "pairs.yaml", dir,
            null, dir.resolve("out"), QUIET)));
    assertFalse(Files.exists(dir.resolve("out")));

    tinyBase(dir.resolve("base"));
    UserError missing = assertThrows(UserError.class, () -> launch(dir, "run", HEAD + "data: {train: nope}\n"));
    assertOneLine(dir.resolve("nope") + ": no such file or directory (data.train)", missing);
    assertFalse(Files.exists(dir.resolve("run/metrics.jsonl")), "nothing trained");
  }

  private static void assertOneLine(String start, UserError e) {
    assertFalse(e.getMessage().contains("\n"), e.getMessage());
    assertTrue(e.getMessage().startsWith(start), e.getMessage());
  }

  private record Launched(Launcher.Outcome outcome, Path output) {}

  private static Launched launch(Path dir, String name, String yaml) throws Exception {
    Path out = dir.resolve(name);
    Launcher.Outcome o = Launcher.launch(Launcher.provider("video").orElseThrow(), new Launcher.Request(tree(yaml),
        "test.yaml", dir, out, null, QUIET));
    return new Launched(o, out);
  }

  private static List<JsonNode> rows(Path jsonl) throws Exception {
    List<JsonNode> out = new ArrayList<>();
    for (String line : Files.readAllLines(jsonl)) out.add(ConfigLoader.YAML.readTree(line));
    return out;
  }
}
