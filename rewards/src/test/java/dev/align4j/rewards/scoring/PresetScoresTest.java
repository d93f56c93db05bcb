package dev.align4j.rewards.scoring;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.align4j.core.media.ContentPart;
import dev.align4j.core.media.Image;
import dev.align4j.core.media.TextPart;
import dev.align4j.core.media.Video;
import dev.align4j.core.util.UserError;
import dev.align4j.rewards.RewardModel;
import dev.align4j.rewards.RewardModel.Comparison;
import dev.align4j.rewards.RewardRegistry;
import dev.align4j.rewards.fixtures.Fp16Graphs;
import dev.align4j.rewards.fixtures.ModelDirs;
import dev.align4j.rewards.fixtures.NearestPreprocessor;
import dev.align4j.rewards.fixtures.ReferenceMath;
import dev.align4j.rewards.fixtures.TestImages;
import dev.align4j.rewards.fixtures.TinyRewardModels;
import dev.align4j.rewards.manifest.Preprocessing;
import dev.align4j.rewards.manifest.RewardManifest.Text;
import dev.align4j.rewards.onnx.SessionConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every preset's score on the committed tiny models against an independent computation: the towers' math in
 * plain double loops over weights read from the {@code .onnx} files ({@link ReferenceMath}), then the
 * formula of methods.md section 4 written out here. Tolerance 1e-4 on the quantity before the formula's
 * multiplier (cosine, MLP output): {@code 1e-4 * scale} on scores that multiply a cosine by 100.
 */
class PresetScoresTest {
  static final Path M = ModelDirs.MODELS;
  static final List<String> PROMPTS = List.of("a photo of a cat", "a red square",
      "The big blue circle on a green painting!",
      "a small yellow triangle in the sky", "a dog");
  static final List<Image> IMAGES = TestImages.make(5, 11);
  static final double TOL = 1e-4;

  static RewardRegistry registry(Path root, int batchSize) {
    return RewardRegistry.builder(root).preprocessors(NearestPreprocessor::new)
        .session(SessionConfig.cpu().withBatchSize(batchSize)).build();
  }

  static float[] pixels(Preprocessing.Mode mode) {
    return new NearestPreprocessor(Preprocessing.clip(mode, 224)).apply(IMAGES);
  }

  /** Raw cosine of text tower(prompt k) and image tower(image k), from the given files. */
  static double[] cosines(Path text, Path vision, float[] px) throws IOException {
    double[] out = new double[IMAGES.size()];
    try (ClipTokenizer tok = ClipTokenizer.load(text.resolveSibling("tokenizer.json"), Text.CLIP)) {
      TokenBatch b = tok.encode(PROMPTS);
      for (int k = 0; k < out.length; k++) {
        out[k] = ReferenceMath.cosine(ReferenceMath.textEmbedding(text, b.row(k), b.maskRow(k)),
            ReferenceMath.imageEmbedding(vision, px, k));
      }
    }
    return out;
  }

  static double check(String label, double[] expected, float[] actual) {
    return check(label, expected, actual, 1);
  }

  /** Asserts {@code |expected - actual| <= 1e-4 * scale} pairwise; prints the largest difference. */
  static double check(String label, double[] expected, float[] actual, double scale) {
    assertEquals(expected.length, actual.length);
    double max = 0;
    for (int k = 0; k < expected.length; k++) {
      assertEquals(expected[k], actual[k], TOL * scale, label + " pair " + k);
      max = Math.max(max, Math.abs(expected[k] - actual[k]));
    }
    System.out.printf("%s: max |onnx - reference| = %.3g (score units; tolerance %.0e) over %d pairs%n", label, max,
        TOL * scale, expected.length);
    return max;
  }

  /**
   * scoreBatch over the pairs, each pair alone, and one prompt over all images agree, up to float rounding
   * (ONNX Runtime's kernels differ with the batch size): 1e-6 relative.
   */
  static void checkBatching(RewardModel model, float[] batch) {
    for (int k = 0; k < PROMPTS.size(); k++) {
      float alone = model.score(PROMPTS.get(k), List.of(IMAGES.get(k)))[0];
      assertEquals(batch[k], alone, 1e-6 * Math.max(1, Math.abs(alone)), "pair " + k);
    }
    float[] onePrompt = model.score(PROMPTS.get(0), IMAGES);
    for (int k = 0; k < IMAGES.size(); k++) {
      float alone = model.scoreBatch(List.of(PROMPTS.get(0)), List.of(IMAGES.get(k)))[0];
      assertEquals(alone, onePrompt[k], 1e-6 * Math.max(1, Math.abs(alone)), "image " + k);
    }
  }

  @Test
  void clipScore() throws IOException {
    double[] cos = cosines(M.resolve("clip-score/text_model.onnx"), M.resolve("clip-score/vision_model.onnx"),
        pixels(Preprocessing.Mode.CLIP_CENTER_CROP));
    double[] expected = new double[cos.length];
    for (int k = 0; k < cos.length; k++) expected[k] = Math.max(100 * cos[k], 0);
    assertTrue(java.util.Arrays.stream(cos).anyMatch(c -> c < 0) && java.util.Arrays.stream(cos).anyMatch(c -> c > 0),
        "the fixture pairs exercise both sides of the clamp");
    try (RewardModel m = registry(M, 2).open("clip-score")) {
      float[] s = m.scoreBatch(PROMPTS, IMAGES);
      check("clip-score", expected, s, 100);
      checkBatching(m, s);
    }
  }

  @Test
  void imageScorersRejectOtherMediaByName() {
    try (RewardModel m = registry(M, 2).open("pickscore")) {
      assertEquals(Set.of(ContentPart.Kind.IMAGE), m.kinds());
      Video video = new Video(IMAGES.subList(0, 1), 8);
      UserError e = assertThrows(UserError.class, () -> m.score("a red square", List.of(IMAGES.get(0), video)));
      assertEquals("reward model pickscore scores images, not videos", e.getMessage());
      UserError t = assertThrows(UserError.class, () -> m.score("p", List.of(new TextPart("a response"))));
      assertEquals("reward model pickscore scores images, not text", t.getMessage());
    }
  }

  @Test
  void pickScoreFromTheGraphsLogitScale() throws IOException {
    Path model = M.resolve("pickscore/model.onnx");
    double[] cos = cosines(model, model, pixels(Preprocessing.Mode.CLIP_CENTER_CROP));
    double[] expected = new double[cos.length];
    for (int k = 0; k < cos.length; k++) expected[k] = Math.exp(TinyRewardModels.LOGIT_SCALE) * cos[k];
    try (RewardModel m = registry(M, 2).open("pickscore")) {
      float[] s = m.scoreBatch(PROMPTS, IMAGES);
      check("pickscore", expected, s, Math.exp(TinyRewardModels.LOGIT_SCALE));
      checkBatching(m, s);
      // compare: PickScore's softmax over the two candidates' scores
      String prompt = PROMPTS.get(2);
      float[] two = m.score(prompt, IMAGES.subList(0, 2));
      double e0 = Math.exp(two[0]);
      double e1 = Math.exp(two[1]);
      Comparison c = m.compare(prompt, IMAGES.get(0), IMAGES.get(1));
      assertEquals(e0 / (e0 + e1), c.probabilities()[0], 1e-9);
      assertEquals(e1 / (e0 + e1), c.probabilities()[1], 1e-9);
      assertEquals(two[0] >= two[1] ? 0 : 1, c.preferred());
    }
  }

  @Test
  void pickScoreWithTheManifestsLogitScale(@TempDir Path root) throws IOException {
    Path dir = ModelDirs.copy("pickscore", root, "pickscore");
    ModelDirs.editManifest(dir, m -> {
      ((ObjectNode) m.get("outputs")).remove("logit_scale");
      ((ObjectNode) m.get("score")).put("logit_scale", 2.0);
    });
    Path model = dir.resolve("model.onnx");
    double[] cos = cosines(model, model, pixels(Preprocessing.Mode.CLIP_CENTER_CROP));
    double[] expected = new double[cos.length];
    for (int k = 0; k < cos.length; k++) expected[k] = Math.exp(2.0) * cos[k];
    try (RewardModel m = registry(root, 16).open("pickscore")) {
      check("pickscore (manifest logit_scale 2.0)", expected, m.scoreBatch(PROMPTS, IMAGES), Math.exp(2.0));
    }
  }

  @Test
  void hpsv2AndHpsv21() throws IOException {
    for (String name : List.of("hpsv2", "hpsv2.1")) {
      double[] expected = cosines(M.resolve(name + "/text_model.onnx"), M.resolve(name + "/vision_model.onnx"),
          pixels(Preprocessing.Mode.HPS_PAD));
      try (RewardModel m = registry(M, 3).open(name)) {
        float[] s = m.scoreBatch(PROMPTS, IMAGES);
        check(name, expected, s);
        checkBatching(m, s);
      }
    }
  }

  @Test
  void aestheticIgnoresThePrompt() throws IOException {
    float[] px = pixels(Preprocessing.Mode.CLIP_CENTER_CROP);
    double[] expected = new double[IMAGES.size()];
    for (int k = 0; k < expected.length; k++) {
      double[] e = ReferenceMath.normalize(ReferenceMath.imageEmbedding(M.resolve("aesthetic/vision_model.onnx"), px,
          k));
      expected[k] = ReferenceMath.mlp(M.resolve("aesthetic/mlp.onnx"), e);
    }
    try (RewardModel m = registry(M, 2).open("aesthetic")) {
      float[] s = m.scoreBatch(PROMPTS, IMAGES);
      check("aesthetic", expected, s);
      assertArrayEquals(s, m.score("anything at all", IMAGES), 1e-6f);
      checkBatching(m, s);
    }
  }

  @Test
  void aestheticAsOneGraph(@TempDir Path root) throws IOException {
    Path dir = ModelDirs.copy("aesthetic", root, "aesthetic");
    Files.delete(dir.resolve("vision_model.onnx"));
    Files.delete(dir.resolve("mlp.onnx"));
    Files.write(dir.resolve("model.onnx"), TinyRewardModels.aestheticJoint(51, 52).toByteArray());
    ModelDirs.editManifest(dir, m -> {
      m.putObject("files").put("model", "model.onnx");
      m.remove("inputs");
      m.remove("outputs");
    });
    try (RewardModel split = registry(M, 16).open("aesthetic");
        RewardModel joint = registry(root, 16).open("aesthetic")) {
      float[] a = split.score("", IMAGES);
      float[] b = joint.score("", IMAGES);
      double[] expected = new double[a.length];
      for (int k = 0; k < a.length; k++) expected[k] = a[k];
      check("aesthetic one graph vs two graphs", expected, b);
    }
  }

  @Test
  void imageReward() throws IOException {
    Path model = M.resolve("image-reward/model.onnx");
    float[] px = pixels(Preprocessing.Mode.CLIP_CENTER_CROP);
    double[] expected = new double[IMAGES.size()];
    try (ClipTokenizer tok = ClipTokenizer.load(M.resolve("image-reward/tokenizer.json"),
        new Text(35, "<|endoftext|>"))) {
      TokenBatch b = tok.encode(PROMPTS);
      for (int k = 0; k < expected.length; k++) {
        double raw = ReferenceMath.fused(model, b.row(k), b.maskRow(k), px, k);
        expected[k] = (raw - 0.16717362830052426) / 1.0333394966054072;
      }
    }
    try (RewardModel m = registry(M, 2).open("image-reward")) {
      float[] s = m.scoreBatch(PROMPTS, IMAGES);
      check("image-reward", expected, s);
      checkBatching(m, s);
    }
  }

  @Test
  void fp16TowersScoreLikeFp32(@TempDir Path root) throws IOException {
    Path dir = ModelDirs.copy("hpsv2", root, "hpsv2");
    for (String f : List.of("text_model.onnx", "vision_model.onnx")) {
      OnnxMl.ModelProto fp32 = OnnxMl.ModelProto.parseFrom(Files.readAllBytes(dir.resolve(f)));
      Files.write(dir.resolve(f), Fp16Graphs.toFp16(fp32).toByteArray());
    }
    try (RewardModel full = registry(M, 16).open("hpsv2"); RewardModel half = registry(root, 16).open("hpsv2")) {
      float[] a = full.scoreBatch(PROMPTS, IMAGES);
      float[] b = half.scoreBatch(PROMPTS, IMAGES);
      List<String> diffs = new ArrayList<>();
      for (int k = 0; k < a.length; k++) {
        assertEquals(a[k], b[k], 5e-3, "pair " + k);
        diffs.add(String.format("%.2g", Math.abs(a[k] - b[k])));
      }
      System.out.println("hpsv2 fp16 towers vs fp32: |diff| " + diffs);
      assertTrue(a.length == 5);
    }
  }
}
