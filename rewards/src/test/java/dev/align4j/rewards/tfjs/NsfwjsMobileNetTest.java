package dev.align4j.rewards.tfjs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.align4j.core.media.Image;
import dev.align4j.core.media.MediaCodec;
import dev.align4j.rewards.RewardModel;
import dev.align4j.rewards.RewardRegistry;
import dev.align4j.rewards.Rewards;
import dev.align4j.rewards.fixtures.ModelDirs;
import dev.align4j.rewards.image.StretchBilinearPreprocessor;
import dev.align4j.rewards.onnx.OnnxSession;
import dev.align4j.rewards.onnx.SessionConfig;
import dev.align4j.rewards.onnx.Tensor;
import dev.align4j.rewards.scoring.ImageClassifierScorer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The real model: models/mobilenet-neutral/model.onnx, which the rewards build converts from npm's nsfwjs 4.4.0
 * tarball, against TensorFlow.js 4.22 running the original (tfjs-reference.json, written by
 * tools/nsfwjs-parity/reference.mjs): a synthetic input, and the committed photographs through the whole
 * registry path (PNG decoding, nsfwjs's resize, the graph, the score).
 */
class NsfwjsMobileNetTest {
  static final Path MODEL = ModelDirs.MODELS.resolve(NsfwjsModels.PRESET).resolve(NsfwjsModels.MODEL_FILE);
  static final Path PHOTOS = Path.of("src/test/resources/photos");
  static final double TOLERANCE = 1e-5;
  static JsonNode reference;

  @BeforeAll
  static void reference() {
    assertTrue(Files.isRegularFile(MODEL), MODEL + " is missing: the rewards build writes it (mvn -pl rewards -am "
        + "package -DskipTests)");
    reference = TinyModels.reference().path("mobilenet_v2");
  }

  @Test
  void builtModelIsThisConvertersGraphOfThePinnedTarball() {
    assertTrue(NsfwjsModels.upToDate(MODEL),
        "metadata names " + KerasToOnnx.CONVERTER + " and " + NsfwjsModels.INTEGRITY);
    assertEquals(NsfwjsModels.CLASSES, list(reference.path("classes")));
    try (OnnxSession s = OnnxSession.open(MODEL, SessionConfig.cpu())) {
      assertEquals(List.of("pixel_values"), List.copyOf(s.inputNames()));
      assertEquals(List.of("probabilities"), List.copyOf(s.outputNames()));
    }
  }

  @Test
  void syntheticInputMatchesTensorFlowJs() {
    float[] nhwc = TinyModels.synthetic(224 * 224 * 3);
    float[] nchw = TinyModels.toNchw(nhwc, 1, 224, 224, 3);
    float[] p;
    try (OnnxSession s = OnnxSession.open(MODEL, SessionConfig.cpu())) {
      p = s.run(Map.of("pixel_values", Tensor.of(nchw, 1, 3, 224, 224)), Set.of("probabilities"))
          .get("probabilities").data();
    }
    double worst = worst(p, reference.path("synthetic").path("probabilities"));
    System.out.printf(Locale.ROOT, "[nsfwjs parity] synthetic: onnx %s, largest difference from tfjs %.2g%n",
        format(p), worst);
    assertTrue(worst < TOLERANCE, "largest difference " + worst);
  }

  @Test
  void photosMatchTensorFlowJsThroughTheRegistry() throws IOException {
    List<Image> images = new ArrayList<>();
    JsonNode photos = reference.path("photos");
    StretchBilinearPreprocessor pre = new StretchBilinearPreprocessor(224, new float[3], new float[] {1, 1, 1});
    for (JsonNode photo : photos) {
      Image img = MediaCodec.decodeImage(Files.readAllBytes(PHOTOS.resolve(photo.path("file").asText())));
      assertEquals(photo.path("width").asInt(), img.width());
      assertEquals(photo.path("height").asInt(), img.height());
      // the resize alone, before the model: TensorFlow.js's pixels to the bit
      float[] r = pre.resized(img);
      for (int i = 0; i < photo.path("resized_head").size(); i++) {
        assertEquals((float) photo.path("resized_head").get(i).asDouble(), r[i], 0f, "resized[" + i + "]");
      }
      JsonNode sample = photo.path("resized_every_997th");
      assertEquals((r.length + 996) / 997, sample.size());
      for (int k = 0; k < sample.size(); k++) {
        assertEquals((float) sample.get(k).asDouble(), r[997 * k], 0f, "resized[" + 997 * k + "]");
      }
      double sum = 0;
      for (float v : r) sum += v;
      assertEquals(photo.path("resized_sum").asDouble(), sum, 1e-6 * Math.abs(sum), "resized sum");
      images.add(img);
    }
    RewardRegistry registry = Rewards.registry(ModelDirs.MODELS, SessionConfig.cpu().withBatchSize(3));
    try (RewardModel model = registry.open(NsfwjsModels.PRESET)) {
      ImageClassifierScorer classifier = (ImageClassifierScorer) model;
      float[][] p = classifier.probabilities(images); // two chunks (batch size 3): batching must not matter
      float[] scores = model.score("any prompt: the classifier ignores it", images);
      for (int k = 0; k < images.size(); k++) {
        JsonNode photo = photos.get(k);
        double worst = worst(p[k], photo.path("probabilities"));
        System.out.printf(Locale.ROOT, "[nsfwjs parity] %-14s onnx %s  P(Neutral)+P(Drawing) %.4f, largest "
            + "difference from tfjs %.2g%n", photo.path("file").asText(), format(p[k]), scores[k], worst);
        assertTrue(worst < TOLERANCE, photo.path("file") + ": largest difference " + worst);
        assertEquals(p[k][2] + p[k][0], scores[k], 1e-6, "score = P(Neutral) + P(Drawing)");
        float[] alone = classifier.probabilities(List.of(images.get(k)))[0];
        assertArrayEquals(p[k], alone, 1e-6f, "the same alone as in a batch");
      }
      Map<String, Integer> at = new java.util.HashMap<>();
      for (int k = 0; k < images.size(); k++) at.put(photos.get(k).path("file").asText(), k);
      for (String everyday : List.of("chelsea.png", "coffee.png", "astronaut.png")) {
        float[] q = p[at.get(everyday)];
        assertTrue(q[2] > 0.95, everyday + ": Neutral " + q[2]);
        assertTrue(scores[at.get(everyday)] > 0.97, everyday + ": score " + scores[at.get(everyday)]);
      }
      float[] rocket = p[at.get("rocket.png")];
      assertTrue(rocket[0] > rocket[2], "the night launch photo reads as a Drawing: " + format(rocket));
      assertTrue(scores[at.get("rocket.png")] > 0.99, "Drawing counts as safe");
    }
  }

  private static double worst(float[] p, JsonNode expected) {
    assertEquals(expected.size(), p.length);
    double worst = 0;
    for (int i = 0; i < p.length; i++) worst = Math.max(worst, Math.abs(p[i] - expected.get(i).asDouble()));
    return worst;
  }

  private static String format(float[] p) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < p.length; i++) {
      b.append(String.format(Locale.ROOT, "%s%s %.6f", i == 0 ? "" : " ", NsfwjsModels.CLASSES.get(i), p[i]));
    }
    return b.toString();
  }

  private static List<String> list(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }
}
