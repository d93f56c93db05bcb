package dev.align4j.rewards;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.align4j.core.util.UserError;
import dev.align4j.rewards.fixtures.ModelDirs;
import dev.align4j.rewards.fixtures.NearestPreprocessor;
import dev.align4j.rewards.manifest.Kind;
import dev.align4j.rewards.manifest.Preprocessing;
import dev.align4j.rewards.manifest.RewardManifest;
import dev.align4j.rewards.manifest.ScoreFormula;
import dev.align4j.rewards.scoring.FusedScorer;
import dev.align4j.rewards.scoring.ImageMlpScorer;
import dev.align4j.rewards.scoring.TwoTowerScorer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RewardRegistryTest {
  static final List<String> PRESETS = List.of("aesthetic", "bge-similarity", "clip-score", "e5-similarity", "hpsv2",
      "hpsv2.1", "image-reward", "minilm-similarity", "mobilenet-neutral", "ocr-ppocrv4", "pickscore",
      "shapes-clip", "shapes-clip-aug", "shapes-pick", "shapes-pick-aug");

  static RewardRegistry registry(Path root) {
    return RewardRegistry.builder(root).preprocessors(NearestPreprocessor::new).build();
  }

  @Test
  void listsAndOpensEveryPreset() {
    RewardRegistry r = registry(ModelDirs.MODELS);
    assertEquals(PRESETS, r.names());
    for (String name : PRESETS) {
      try (RewardModel m = r.open(name)) {
        assertEquals(name, m.name());
        Class<?> expected = switch (r.manifest(name).kind()) {
          case TWO_TOWER -> TwoTowerScorer.class;
          case FUSED -> FusedScorer.class;
          case MLP_ON_IMAGE -> ImageMlpScorer.class;
          case TEXT_SCALAR -> dev.align4j.rewards.scoring.TextScalarScorer.class;
          case TEXT_EMBEDDING -> dev.align4j.rewards.scoring.TextEmbeddingScorer.class;
          case IMAGE_CLASSIFIER -> dev.align4j.rewards.scoring.ImageClassifierScorer.class;
          case OCR -> dev.align4j.rewards.ocr.OcrScorer.class;
        };
        assertEquals(expected, m.getClass());
      }
    }
  }

  @Test
  void manifestFieldsAndDefaults() {
    RewardManifest pick = registry(ModelDirs.MODELS).manifest("pickscore");
    assertEquals(Kind.TWO_TOWER, pick.kind());
    assertEquals(ScoreFormula.PICKSCORE, pick.formula());
    assertEquals("logit_scale", pick.logitScaleOutput().orElseThrow());
    assertEquals(77, pick.text().maxLength());
    assertEquals("<|endoftext|>", pick.text().padToken());
    assertEquals(Preprocessing.clip(Preprocessing.Mode.CLIP_CENTER_CROP, 224), pick.preprocessing());
    assertTrue(pick.file(RewardManifest.MODEL).endsWith("model.onnx"));

    RewardManifest hps = registry(ModelDirs.MODELS).manifest("hpsv2.1");
    assertEquals(Preprocessing.Mode.HPS_PAD, hps.preprocessing().mode());
    assertEquals(1.0, hps.param("scale").orElseThrow());

    RewardManifest ir = registry(ModelDirs.MODELS).manifest("image-reward");
    assertEquals(0.16717362830052426, ir.param("mean").orElseThrow());
    assertEquals(1.0333394966054072, ir.param("std").orElseThrow());
    assertEquals(35, ir.text().maxLength());
  }

  @Test
  void omittedNamesDefaultToOptimumsClipExport(@TempDir Path root) throws IOException {
    Path dir = ModelDirs.copy("clip-score", root, "clip-score");
    ModelDirs.editManifest(dir, m -> {
      m.remove(List.of("inputs", "outputs", "text", "preprocessing"));
      ((ObjectNode) m.get("score")).remove("w");
    });
    RewardManifest m = registry(root).manifest("clip-score");
    assertEquals("input_ids", m.input(RewardManifest.INPUT_IDS));
    assertEquals("attention_mask", m.input(RewardManifest.ATTENTION_MASK));
    assertEquals("pixel_values", m.input(RewardManifest.PIXEL_VALUES));
    assertEquals("text_embeds", m.output(RewardManifest.TEXT_EMBEDS));
    assertEquals("image_embeds", m.output(RewardManifest.IMAGE_EMBEDS));
    assertTrue(m.logitScaleOutput().isEmpty());
    assertEquals(RewardManifest.Text.CLIP, m.text());
    assertEquals(100.0, m.param("w").orElseThrow());
    try (RewardModel model = registry(root).open("clip-score")) {
      assertEquals("clip-score", model.name());
    }
  }

  @Test
  void unknownNameSuggestsTheNearest() {
    RewardRegistry r = registry(ModelDirs.MODELS);
    UserError near = assertThrows(UserError.class, () -> r.open("pikscore"));
    assertEquals("no reward model 'pikscore' in ../models; did you mean 'pickscore'?", near.getMessage());
    UserError hps = assertThrows(UserError.class, () -> r.open("hpsv3"));
    assertTrue(hps.getMessage().endsWith("did you mean 'hpsv2'?"), hps.getMessage());
    UserError far = assertThrows(UserError.class, () -> r.open("unifiedreward"));
    assertTrue(far.getMessage().endsWith("(available: aesthetic, bge-similarity, clip-score, e5-similarity, hpsv2, "
        + "hpsv2.1, image-reward, minilm-similarity, mobilenet-neutral, ocr-ppocrv4, pickscore, shapes-clip, "
        + "shapes-clip-aug, shapes-pick, shapes-pick-aug)"),
        far.getMessage());
    UserError noDir = assertThrows(UserError.class, () -> registry(Path.of("no-such-dir")).names());
    assertEquals("reward model directory not found: no-such-dir", noDir.getMessage());
  }

  /** Copies clip-score (or another preset), breaks its manifest, and returns the error of opening it. */
  static String brokenManifest(Path root, String preset, Consumer<ObjectNode> edit) throws IOException {
    Path dir = ModelDirs.copy(preset, root, preset);
    ModelDirs.editManifest(dir, edit);
    UserError e = assertThrows(UserError.class, () -> registry(root).open(preset));
    String prefix = dir.resolve("manifest.json") + ": ";
    assertTrue(e.getMessage().startsWith(prefix), e.getMessage());
    assertFalse(e.getMessage().contains("\n"), e.getMessage());
    return e.getMessage().substring(prefix.length());
  }

  @Test
  void malformedManifestsNameFileAndField(@TempDir Path tmp) throws IOException {
    int[] n = {0};
    java.util.function.Function<String, Path> fresh = s -> {
      try {
        return Files.createDirectory(tmp.resolve("r" + n[0]++));
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    };
    assertEquals("score.formula: unknown value 'pickscor'; did you mean 'pickscore'? (one of clip_score, pickscore, "
        + "cosine, standardize, class_probability, edit_distance)", brokenManifest(fresh.apply(""), "clip-score",
            m -> ((ObjectNode) m.get("score")).put("formula", "pickscor")));
    assertTrue(brokenManifest(fresh.apply(""), "clip-score", m -> m.set("preprocesing", m.remove("preprocessing")))
        .startsWith("preprocesing: unknown field; did you mean 'preprocessing'?"));
    assertTrue(brokenManifest(fresh.apply(""), "clip-score",
        m -> ((ObjectNode) m.get("files")).put("text_model", "t.onnx"))
        .startsWith("files.text_model: no such file "));
    assertEquals("files.vision_model: missing (kind two_tower needs it)", brokenManifest(fresh.apply(""), "clip-score",
        m -> ((ObjectNode) m.get("files")).remove("vision_model")));
    assertTrue(brokenManifest(fresh.apply(""), "clip-score", m -> m.put("kind", "two-tower"))
        .startsWith("kind: unknown value 'two-tower'; did you mean 'two_tower'?"));
    assertEquals("preprocessing.mean: expected 3 numbers (R, G, B), got [0.5,0.5]", brokenManifest(fresh.apply(""),
        "clip-score", m -> ((ObjectNode) m.get("preprocessing")).putArray("mean").add(0.5).add(0.5)));
    assertEquals("text.max_length: expected an integer, got \"77\"", brokenManifest(fresh.apply(""), "clip-score",
        m -> ((ObjectNode) m.get("text")).put("max_length", "77")));
    assertEquals("name: 'clip' differs from the model's directory name 'clip-score'",
        brokenManifest(fresh.apply(""), "clip-score", m -> m.put("name", "clip")));
    assertEquals("score.formula: 'standardize' does not apply to kind two_tower (use clip_score or pickscore or "
        + "cosine)",
        brokenManifest(fresh.apply(""), "clip-score",
            m -> ((ObjectNode) m.get("score")).put("formula", "standardize")));
    assertTrue(brokenManifest(fresh.apply(""), "clip-score",
        m -> ((ObjectNode) m.get("score")).put("formula", "pickscore"))
        .startsWith("score.w: not a parameter of formula pickscore"));
    assertTrue(brokenManifest(fresh.apply(""), "pickscore", m -> ((ObjectNode) m.get("outputs")).remove("logit_scale"))
        .startsWith("score.logit_scale: missing"));
    assertEquals("score.std: must be positive, got 0.0", brokenManifest(fresh.apply(""), "image-reward",
        m -> ((ObjectNode) m.get("score")).put("std", 0.0)));
    assertTrue(brokenManifest(fresh.apply(""), "aesthetic", m -> m.putObject("text").put("max_length", 77))
        .startsWith("text: not used by kind mlp_on_image"));
    // names checked against the graphs when the model opens
    assertEquals("outputs.text_embeds: 'pooled' is not an output of text_model.onnx (outputs: text_embeds)",
        brokenManifest(fresh.apply(""), "clip-score",
            m -> ((ObjectNode) m.get("outputs")).put("text_embeds", "pooled")));
    assertEquals("inputs.pixel_values: 'images' is not an input of model.onnx (inputs: input_ids, attention_mask, "
        + "pixel_values)", brokenManifest(fresh.apply(""), "image-reward",
            m -> ((ObjectNode) m.get("inputs")).put("pixel_values", "images")));
  }

  @Test
  void invalidJsonNamesTheFile(@TempDir Path root) throws IOException {
    Path dir = ModelDirs.copy("hpsv2", root, "hpsv2");
    Files.writeString(dir.resolve("manifest.json"), "{\"name\": \"hpsv2\",");
    UserError e = assertThrows(UserError.class, () -> registry(root).open("hpsv2"));
    assertTrue(e.getMessage().startsWith(dir.resolve("manifest.json") + ": not valid JSON: "), e.getMessage());
    assertFalse(e.getMessage().contains("\n"), e.getMessage());
  }
}
