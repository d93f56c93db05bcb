package dev.align4j.video.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.align4j.core.config.ConfigLoader;
import dev.align4j.core.launch.Launcher;
import dev.align4j.core.media.MediaCodec;
import dev.align4j.core.media.Video;
import dev.align4j.core.util.UserError;
import dev.align4j.video.pairs.VideoPairBuilder;
import dev.align4j.video.shapes.Perturbations;
import dev.align4j.video.unet.VideoUNetConfig;
import dev.align4j.video.world.ShapesVideoWorld;
import dev.align4j.video.world.VideoBaseModel;
import dev.align4j.video.world.VideoPretrainRecipe;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code train video} end to end on a base model pre-trained for two steps (a wiring test, not a behaviour test). */
class VideoRunTest {
  static ObjectNode tree(String yaml) throws Exception {
    return (ObjectNode) ConfigLoader.YAML.readTree(yaml);
  }

  private static String yaml(String base, String loss, String extra) {
    return yaml(base, "{prompts: 3, eval_prompts: 1, candidates: 2, min_gap: 0.0, batch_size: 8}",
        "{eval_prompts: 2, eval_seeds: 1, clips: 1, steps: 2}", loss, extra);
  }

  private static String yaml(String base, String pairs, String samples, String loss, String extra) {
    return "modality: video\n"
        + "model: {base: " + base + "}\n"
        + "pairs: " + pairs + "\n"
        + "samples: " + samples + "\n"
        + "loss: " + loss + "\n"
        + extra
        + "trainer: {learning_rate: 1.0e-4, max_steps: 2, per_device_train_batch_size: 2, logging_steps: 1, "
        + "eval_steps: 2, save_steps: 2, seed: 1}\n";
  }

  /** A base model pre-trained for one step, with narrow widths: the world's frames and size, fast to load. */
  static void tinyBase(Path model) throws Exception {
    VideoBaseModel.build(VideoPretrainRecipe.standard().withSteps(1).withData(2, 2),
        ShapesVideoWorld.unetConfig().withChannels(List.of(8, 16), 4), model, new PrintStream(
            new ByteArrayOutputStream()), 1);
  }

  @Test
  void trainsWithLevelsAndWritesBothEnds(@TempDir Path dir) throws Exception {
    tinyBase(dir.resolve("base"));
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

    // The tuned model is a model directory a later run starts from (SFT, then DPO): its "before" is this "after".
    assertTrue(VideoBaseModel.isModelDir(out.resolve(VideoRun.MODEL)));
    Launcher.Request next = new Launcher.Request(tree(yaml("run/model", "{loss_type: diffusion_dpo, beta: 2500}",
        "")), "next.yaml", dir, dir.resolve("next"), null, new PrintStream(log));
    VideoRun.Result continued = (VideoRun.Result) Launcher.launch(Launcher.provider("video").orElseThrow(), next)
        .product();
    assertEquals(r.after(), continued.before());
  }

  /**
   * report.html after one step: the summary's means per level match scores.json, and each written clip plays from
   * its relative path before and after, its own scores under it.
   */
  @Test
  void writesAReportWithEveryClipBeforeAndAfter(@TempDir Path dir) throws Exception {
    tinyBase(dir.resolve("base"));
    Path out = dir.resolve("run");
    String yaml = yaml("base", "{prompts: 2, eval_prompts: 1, candidates: 2, min_gap: 0.0, batch_size: 8}",
        "{eval_prompts: 2, eval_seeds: 1, clips: 2, steps: 2}", "{loss_type: diffusion_dpo}", "")
        .replace("max_steps: 2", "max_steps: 1");
    Launcher.Outcome outcome = Launcher.launch(Launcher.provider("video").orElseThrow(), new Launcher.Request(
        tree(yaml), "test.yaml", dir, out, null, new PrintStream(new ByteArrayOutputStream())));
    VideoRun.Result r = (VideoRun.Result) outcome.product();
    assertEquals(out.resolve("report.html"), r.report());
    String page = Files.readString(r.report());

    List<String> sources = new ArrayList<>();
    Matcher m = Pattern.compile("<video src=\"([^\"]+)\" width=\"192\" autoplay loop muted").matcher(page);
    while (m.find()) sources.add(m.group(1));
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      String slug = String.format("%02d-%s.mp4", i, ShapesVideoWorld.heldOutPrompts(2).get(i).replace(' ', '-'));
      expected.add("samples/before/" + slug);
      expected.add("samples/after/" + slug);
    }
    assertEquals(expected, sources, "one element per clip, before then after");
    for (String src : sources) {
      Video clip = MediaCodec.readVideo(out.resolve(src));
      assertEquals(8, clip.frames().size(), src);
      assertEquals(16 * HeldOutClips.ZOOM, clip.width(), src);
    }

    for (String end : List.of("before", "after")) {
      JsonNode scores = ConfigLoader.YAML.readTree(out.resolve("samples").resolve(end).resolve("scores.json")
          .toFile());
      for (int i = 0; i < 2; i++) {
        JsonNode c = scores.get("per_clip").get(i);
        String caption = String.format(Locale.ROOT, "instance %.3f, state %.3f<br>motion %.3f, semantic %.3f<br>"
            + "temporal %.3f, dynamic %.4f", c.get("instance").asDouble(), c.get("state").asDouble(),
            c.get("motion").asDouble(), c.get("semantic").asDouble(), c.get("temporal_consistency").asDouble(),
            c.get("dynamic_degree").asDouble());
        assertTrue(page.contains(caption), end + " clip " + i + ": " + caption);
      }
    }
    JsonNode before = ConfigLoader.YAML.readTree(out.resolve("samples/before/scores.json").toFile());
    JsonNode after = ConfigLoader.YAML.readTree(out.resolve("samples/after/scores.json").toFile());
    for (String[] row : new String[][] {{"motion (the captioned law)", "motion", "%.3f"},
        {"temporal consistency", "temporal_consistency", "%.3f"}, {"dynamic degree", "dynamic_degree", "%.4f"}}) {
      String cells = String.format(Locale.ROOT, "</td><td>" + row[2] + "</td><td>" + row[2] + "</td>",
          before.get(row[1]).asDouble(), after.get(row[1]).asDouble());
      assertTrue(page.contains(row[0]) && page.contains(cells), row[0] + ": " + cells);
    }
    assertTrue(page.contains("1 steps of diffusion_dpo"), page);
    assertTrue(page.contains("<th>trainer.max_steps</th><td>1</td>"), page);
    assertTrue(Files.isRegularFile(out.resolve("chart-1.png")), "the loss curve");
  }

  @Test
  void levelsBelongToLevelsDpo(@TempDir Path dir) throws Exception {
    ModalityCheck check = new ModalityCheck(dir);
    UserError levels = assertThrows(UserError.class, () -> check.bind(yaml("base", "{loss_type: diffusion_dpo}",
        "levels: {state: 1.0}\n")));
    assertTrue(levels.getMessage().contains("levels_dpo"), levels.getMessage());
    VideoSections s = (VideoSections) check.bind(yaml(ShapesVideoWorld.REF, "{loss_type: levels_dpo}", ""));
    assertEquals(0.6, s.levels().state());
    assertEquals(VideoUNetConfig.movingShapes().numFrames(), ShapesVideoWorld.clips().frames());
  }

  /** The two other builders end to end: each pair's row in pairs/train.jsonl says where it came from. */
  @Test
  void realVsGeneratedAndPerturbedPairsRecordTheirProvenance(@TempDir Path dir) throws Exception {
    tinyBase(dir.resolve("base"));
    String noSamples = "{eval_prompts: 0, clips: 0, steps: 2}";
    // the first 8 prompts of seed 1: three relative motions of large shapes have no room in 16x16 frames
    Path real = launch(dir, "real", yaml("base", "{builder: real_vs_generated, prompts: 4, eval_prompts: 1, "
        + "candidates: 1}", noSamples, "{loss_type: diffusion_dpo}", ""));
    List<String> rows = Files.readAllLines(real.resolve("pairs/train.jsonl"));
    assertTrue(rows.size() >= 2, "a barely trained model's samples seldom reach the render: " + rows);
    for (String row : rows) {
      JsonNode r = ConfigLoader.YAML.readTree(row);
      assertEquals("real_vs_generated", r.get("builder").asText(), row);
      assertFalse(r.has("perturbation"), row);
      assertTrue(meanOfLevels(r.get("winner")) > meanOfLevels(r.get("loser")), row);
    }
    Path perturbed = launch(dir, "perturbed", yaml("base", "{builder: perturbed, prompts: 8, eval_prompts: 2, "
        + "perturbations: [frozen, reversed]}", noSamples, "{loss_type: diffusion_dpo}", ""));
    rows = Files.readAllLines(perturbed.resolve("pairs/train.jsonl"));
    assertTrue(rows.size() >= 4, rows.toString());
    for (String row : rows) {
      JsonNode r = ConfigLoader.YAML.readTree(row);
      assertEquals("perturbed", r.get("builder").asText(), row);
      String level = switch (r.get("perturbation").asText()) {
        case "frozen" -> "motion";
        case "reversed" -> "semantic";
        default -> throw new AssertionError(row);
      };
      assertTrue(r.get("loser").get(level).asDouble() < r.get("winner").get(level).asDouble() - 0.15, row);
    }
  }

  private static double meanOfLevels(JsonNode score) {
    return (score.get("instance").asDouble() + score.get("state").asDouble() + score.get("motion").asDouble()
        + score.get("semantic").asDouble()) / 4;
  }

  private static Path launch(Path dir, String name, String yaml) throws Exception {
    Path out = dir.resolve(name);
    Launcher.launch(Launcher.provider("video").orElseThrow(), new Launcher.Request(tree(yaml), "test.yaml", dir, out,
        null, new PrintStream(new ByteArrayOutputStream())));
    return out;
  }

  @Test
  void unknownBuildersAndPerturbationsAreOneLineNamingTheAllowedValues(@TempDir Path dir) throws Exception {
    ModalityCheck check = new ModalityCheck(dir);
    String loss = "{loss_type: diffusion_dpo}";
    String samples = "{eval_prompts: 2}";
    UserError builder = assertThrows(UserError.class, () -> check.bind(yaml("base", "{builder: sampled}", samples,
        loss, "")));
    assertEquals("test.yaml: pairs.builder 'sampled' is not a video pair builder (allowed: on_policy, "
        + "real_vs_generated, perturbed)", builder.getMessage());
    UserError edit = assertThrows(UserError.class, () -> check.bind(yaml("base", "{builder: perturbed, "
        + "perturbations: [frozen, mirrored]}", samples, loss, "")));
    assertEquals("test.yaml: pairs.perturbations: 'mirrored' is not a perturbation (allowed: shuffled, reversed, "
        + "frozen, teleported, colour_swap)", edit.getMessage());
    UserError unread = assertThrows(UserError.class, () -> check.bind(yaml("base", "{perturbations: [frozen]}",
        samples, loss, "")));
    assertTrue(unread.getMessage().contains("pairs.builder perturbed only"), unread.getMessage());
    VideoPairsConfig all = ((VideoSections) check.bind(yaml("base", "{builder: perturbed}", samples, loss, "")))
        .pairs();
    assertEquals(List.of(Perturbations.Kind.values()), all.perturbationKinds());
    assertEquals(VideoPairBuilder.ON_POLICY, ((VideoSections) check.bind(yaml("base", loss, ""))).pairs()
        .pairBuilder());
  }

  /** Binds a config as {@code align4j train video} does, loading nothing. */
  record ModalityCheck(Path dir) {
    Object bind(String yaml) throws Exception {
      return Launcher.check(new VideoProvider(), tree(yaml), "test.yaml", dir).sections();
    }
  }
}
