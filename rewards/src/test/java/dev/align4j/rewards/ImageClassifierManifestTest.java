package dev.align4j.rewards;

import static dev.align4j.rewards.RewardRegistryTest.brokenManifest;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.align4j.core.media.Image;
import dev.align4j.core.util.UserError;
import dev.align4j.rewards.fixtures.ModelDirs;
import dev.align4j.rewards.manifest.Kind;
import dev.align4j.rewards.manifest.Preprocessing;
import dev.align4j.rewards.manifest.RewardManifest;
import dev.align4j.rewards.manifest.ScoreFormula;
import dev.align4j.rewards.onnx.SessionConfig;
import dev.align4j.rewards.scoring.ImageClassifierScorer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Kind {@code image_classifier} and formula {@code class_probability}: the manifest, its mistakes, the score. */
class ImageClassifierManifestTest {
  static final String NAME = "mobilenet-neutral";

  @Test
  void theShippedManifest() {
    RewardManifest m = RewardRegistryTest.registry(ModelDirs.MODELS).manifest(NAME);
    assertEquals(Kind.IMAGE_CLASSIFIER, m.kind());
    assertEquals(List.of("Drawing", "Hentai", "Neutral", "Porn", "Sexy"), m.classes());
    assertEquals(ScoreFormula.CLASS_PROBABILITY, m.formula());
    assertEquals(List.of("Neutral", "Drawing"), m.scoreClasses());
    assertEquals(new Preprocessing(Preprocessing.Mode.STRETCH_BILINEAR, 224, new float[3], new float[] {1, 1, 1}),
        m.preprocessing());
    assertEquals("pixel_values", m.input(RewardManifest.PIXEL_VALUES));
    assertEquals("probabilities", m.output(RewardManifest.PROBABILITIES));
    assertTrue(m.params().isEmpty());
    // the other kinds have no classes
    assertEquals(List.of(), RewardRegistryTest.registry(ModelDirs.MODELS).manifest("aesthetic").classes());
  }

  @Test
  void mistakesNameTheField(@TempDir Path tmp) throws IOException {
    int[] n = {0};
    java.util.function.Supplier<Path> fresh = () -> {
      try {
        return Files.createDirectory(tmp.resolve("r" + n[0]++));
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    };
    assertEquals("classes: missing (kind image_classifier needs its class names in order)",
        brokenManifest(fresh.get(), NAME, m -> m.remove("classes")));
    assertEquals("classes: 'Porn' twice", brokenManifest(fresh.get(), NAME,
        m -> m.putArray("classes").add("Drawing").add("Porn").add("Porn")));
    assertEquals("score.classes: unknown class 'Neutrl'; did you mean 'Neutral'? (one of Drawing, Hentai, Neutral, "
        + "Porn, Sexy)", brokenManifest(fresh.get(), NAME,
            m -> ((ObjectNode) m.get("score")).putArray("classes").add("Neutrl")));
    assertEquals("score.classes: missing: list the classes whose probabilities make the score (of Drawing, Hentai, "
        + "Neutral, Porn, Sexy)",
        brokenManifest(fresh.get(), NAME, m -> ((ObjectNode) m.get("score")).remove("classes")));
    assertEquals("score.classes: expected a non-empty list of names, got []", brokenManifest(fresh.get(), NAME,
        m -> ((ObjectNode) m.get("score")).putArray("classes")));
    assertEquals("score.formula: 'standardize' does not apply to kind image_classifier (use class_probability)",
        brokenManifest(fresh.get(), NAME, m -> ((ObjectNode) m.get("score")).put("formula", "standardize")));
    assertTrue(brokenManifest(fresh.get(), NAME, m -> ((ObjectNode) m.get("score")).put("scale", 2))
        .startsWith("score.scale: not a parameter of formula class_probability (it takes classes)"));
    assertTrue(brokenManifest(fresh.get(), NAME, m -> m.putObject("text").put("max_length", 77))
        .startsWith("text: not used by kind image_classifier"));
    assertEquals("files.tokenizer: not used by kind image_classifier", brokenManifest(fresh.get(), NAME,
        m -> ((ObjectNode) m.get("files")).put("tokenizer", "manifest.json")));
    assertEquals("classes: only kind image_classifier uses it", brokenManifest(fresh.get(), "aesthetic",
        m -> m.putArray("classes").add("a").add("b")));
    assertEquals("outputs.probabilities: 'probs' is not an output of model.onnx (outputs: probabilities)",
        brokenManifest(fresh.get(), NAME, m -> ((ObjectNode) m.get("outputs")).put("probabilities", "probs")));
  }

  @Test
  void scoreSumsTheNamedClassesAndClassCountIsChecked(@TempDir Path root) throws IOException {
    Path dir = ModelDirs.copy(NAME, root, NAME);
    List<Image> images = List.of(gradient(40, 30), gradient(224, 224));
    float[][] p;
    float[] safe;
    try (ImageClassifierScorer m = (ImageClassifierScorer) Rewards.registry(root, SessionConfig.cpu()).open(NAME)) {
      p = m.probabilities(images);
      safe = m.score("", images);
    }
    ModelDirs.editManifest(dir, m -> ((ObjectNode) m.get("score")).putArray("classes").add("Sexy"));
    float[] sexy;
    try (RewardModel m = Rewards.registry(root, SessionConfig.cpu()).open(NAME)) {
      sexy = m.score("", images);
    }
    for (int i = 0; i < images.size(); i++) {
      assertEquals(1.0, p[i][0] + p[i][1] + p[i][2] + p[i][3] + p[i][4], 1e-5, "a softmax");
      assertEquals(p[i][2] + p[i][0], safe[i], 1e-6);
      assertEquals(p[i][4], sexy[i], 0f);
    }
    ModelDirs.editManifest(dir, m -> {
      m.putArray("classes").add("a").add("b").add("c").add("d");
      ((ObjectNode) m.get("score")).putArray("classes").add("a");
    });
    try (RewardModel m = Rewards.registry(root, SessionConfig.cpu()).open(NAME)) {
      UserError e = assertThrows(UserError.class, () -> m.score("", images));
      assertEquals(dir.resolve("manifest.json") + ": classes: 4 classes, but probabilities has shape [2, 5]",
          e.getMessage());
    }
  }

  static Image gradient(int w, int h) {
    byte[] rgb = new byte[w * h * 3];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        rgb[(y * w + x) * 3] = (byte) (255 * x / Math.max(1, w - 1));
        rgb[(y * w + x) * 3 + 1] = (byte) (255 * y / Math.max(1, h - 1));
        rgb[(y * w + x) * 3 + 2] = (byte) 128;
      }
    }
    return new Image(w, h, rgb);
  }
}
