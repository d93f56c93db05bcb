package dev.align4j.rewards.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.align4j.core.media.Image;
import dev.align4j.rewards.RewardModel;
import dev.align4j.rewards.RewardRegistry;
import dev.align4j.rewards.Rewards;
import dev.align4j.rewards.onnx.OnnxSession;
import dev.align4j.rewards.onnx.SessionConfig;
import dev.align4j.rewards.onnx.Tensor;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The exported graph computes what the DJL model computes, through ONNX Runtime and through the registry. */
class OnnxExportTest {
  static final TwoTowerSpec SPEC = new TwoTowerSpec(ShapesTokenizer.vocabulary().size(), ShapesTokenizer.MAX_LENGTH,
      8, 24, 16, List.of(4, 8), 16, 8);

  @Test
  void onnxRuntimeMatchesDjl(@TempDir Path tmp) {
    Random r = new Random(5);
    int rows = 3;
    int images = 4;
    int len = SPEC.maxLength();
    long[] ids = new long[rows * len];
    long[] mask = new long[rows * len];
    for (int i = 0; i < rows; i++) {
      int real = 3 + i * 4;
      for (int j = 0; j < len; j++) {
        ids[i * len + j] = j < real ? r.nextInt(SPEC.vocabSize()) : 2;
        mask[i * len + j] = j < real ? 1 : 0;
      }
    }
    float[] pixels = new float[images * 3 * SPEC.imageSize() * SPEC.imageSize()];
    for (int i = 0; i < pixels.length; i++) pixels[i] = (float) r.nextGaussian();
    try (NDManager m = NDManager.newBaseManager();
        TwoTowerPolicy policy = TwoTowerPolicy.create(SPEC, 17, m)) {
      // move the logit scale off its initial value so the export must carry the trained one
      policy.parameters().stream().filter(p -> p.name().equals("logit_scale")).findFirst().orElseThrow().array()
          .set(new float[] {3.1f});
      NDArray t = policy.model().textEmbeds(m.create(ids, new Shape(rows, len)), m.create(mask, new Shape(rows, len)));
      NDArray im = policy.model()
          .imageEmbeds(m.create(pixels, new Shape(images, 3, SPEC.imageSize(), SPEC.imageSize())));
      Path dir = OnnxExport.write(policy, new OnnxExport.Info("tiny", "test"), tmp.resolve("tiny"));
      try (OnnxSession s = OnnxSession.open(dir.resolve(OnnxExport.MODEL_FILE), SessionConfig.cpu())) {
        Map<String, Tensor.FloatTensor> out = s.run(Map.of(
            "input_ids", new Tensor.LongTensor(ids, new long[] {rows, len}),
            "attention_mask", new Tensor.LongTensor(mask, new long[] {rows, len}),
            "pixel_values", Tensor.of(pixels, images, 3, SPEC.imageSize(), SPEC.imageSize())),
            Set.of("text_embeds", "image_embeds", "logit_scale"));
        assertClose(t.toFloatArray(), out.get("text_embeds").data(), 1e-4);
        assertClose(im.toFloatArray(), out.get("image_embeds").data(), 1e-4);
        assertEquals(3.1f, out.get("logit_scale").data()[0], 1e-6);
      }
      // the weights come back exactly from the graph
      try (TwoTowerPolicy back = TwoTowerPolicy.load(dir, m)) {
        Map<String, float[]> a = policy.values();
        back.values().forEach((k, v) -> assertArrayEquals(a.get(k), v, k));
      }
    }
  }

  @Test
  void registryScoresAreTheDjlScores(@TempDir Path tmp) {
    List<Image> imgs = List.of(image(1), image(2));
    String prompt = "a small red circle above a large blue square";
    try (NDManager m = NDManager.newBaseManager();
        TwoTowerPolicy policy = TwoTowerPolicy.create(SPEC, 23, m);
        TwoTowerInputs batches = TwoTowerInputs.open(tmp, SPEC)) {
      OnnxExport.write(policy, new OnnxExport.Info("tiny", "test"), tmp.resolve("models/tiny"));
      NDArray t = policy.model().textEmbeds(batches.ids(m, List.of(prompt)), batches.mask(m, List.of(prompt)));
      NDArray i = policy.model().imageEmbeds(batches.pixels(m, imgs));
      float[] expected = t.matMul(i.transpose()).mul(Math.exp(policy.model().logitScaleValue())).toFloatArray();
      RewardRegistry registry = Rewards.registry(tmp.resolve("models"), SessionConfig.cpu());
      try (RewardModel model = registry.open("tiny")) {
        assertClose(expected, model.score(prompt, imgs), 1e-4);
      }
    }
  }

  static Image image(int seed) {
    Random r = new Random(seed);
    byte[] rgb = new byte[40 * 40 * 3];
    r.nextBytes(rgb);
    return new Image(40, 40, rgb);
  }

  static void assertClose(float[] expected, float[] actual, double tol) {
    assertEquals(expected.length, actual.length);
    double max = 0;
    for (int k = 0; k < expected.length; k++) max = Math.max(max, Math.abs(expected[k] - actual[k]));
    assertTrue(max <= tol, "max |difference| " + max);
    System.out.printf("ONNX Runtime vs DJL: max |difference| %.2e over %d values%n", max, expected.length);
  }
}
