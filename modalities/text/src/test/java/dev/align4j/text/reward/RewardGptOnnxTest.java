package dev.align4j.text.reward;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import dev.align4j.core.train.NamedParameter;
import dev.align4j.rewards.onnx.OnnxSession;
import dev.align4j.rewards.onnx.SessionConfig;
import dev.align4j.rewards.onnx.Tensor;
import dev.align4j.text.GptPolicy;
import dev.align4j.text.gpt.Gpt;
import dev.align4j.text.gpt.GptConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The exported ONNX graph computes what the DJL model computes, to 1e-4, on padded batches. */
class RewardGptOnnxTest {
  private static final int VOCAB = 23;
  private static final int CONTEXT = 16;

  @TempDir Path dir;

  @Test
  void onnxRuntimeMatchesDjl() {
    check(false);
  }

  @Test
  void loraAdaptersAreFoldedIntoTheGraph() {
    check(true);
  }

  private void check(boolean lora) {
    try (NDManager root = NDManager.newBaseManager()) {
      NDManager m = root.newSubManager();
      Gpt gpt = Gpt.create(new GptConfig(VOCAB, CONTEXT, 16, 2, 2, 4, 0f, true), 7, m);
      if (lora) gpt.applyLora(2, 4f, Set.of("q", "v", "mlp_in", "o"), 11);
      RewardGpt model = RewardGpt.withNewHead(new GptPolicy(gpt, m), 5);
      // Every parameter random (LayerNorm gains and offsets, biases and LoRA B included), so each one matters.
      Random random = new Random(3);
      for (NamedParameter p : model.parameters()) {
        float[] v = new float[(int) p.array().size()];
        boolean gain = p.name().endsWith("_gamma");
        for (int i = 0; i < v.length; i++) v[i] = (float) ((gain ? 1 : 0) + 0.3 * random.nextGaussian());
        p.array().set(v);
      }
      // Rows: right-padded, left-padded, full, a single token, and the first row again with left padding.
      int rows = 5;
      int length = 9;
      long[] ids = new long[rows * length];
      long[] mask = new long[rows * length];
      int[][] spans = {{0, 6}, {3, 9}, {0, 9}, {0, 1}, {3, 9}};
      for (int r = 0; r < rows; r++) {
        for (int t = 0; t < length; t++) ids[r * length + t] = random.nextInt(VOCAB);
        for (int t = spans[r][0]; t < spans[r][1]; t++) mask[r * length + t] = 1;
      }
      System.arraycopy(ids, 0, ids, 4 * length + 3, 6);  // row 4 = row 0's six tokens, left-padded
      float[] djl;
      try (NDScope ignored = new NDScope()) {
        Shape shape = new Shape(rows, length);
        djl = model.scores(root.create(ids, shape), root.create(mask, shape), false).toFloatArray();
      }
      assertEquals(djl[0], djl[4], 1e-5, "left and right padding give the same score");

      Path file = dir.resolve("model.onnx");
      RewardGptOnnx.write(model, file);
      float[] onnx;
      try (OnnxSession session = OnnxSession.open(file, SessionConfig.cpu())) {
        onnx = session.run(Map.of(RewardGptOnnx.INPUT_IDS, Tensor.of(ids, rows, length),
            RewardGptOnnx.ATTENTION_MASK, Tensor.of(mask, rows, length)), Set.of(RewardGptOnnx.SCORE))
            .get(RewardGptOnnx.SCORE).data();
      }
      assertEquals(rows, onnx.length);
      double spread = 0;
      for (int r = 0; r < rows; r++) {
        assertEquals(djl[r], onnx[r], 1e-4, "row " + r);
        spread = Math.max(spread, Math.abs(djl[r] - djl[0]));
      }
      assertTrue(spread > 1e-2, "the rows score differently, so the comparison means something");
      model.close();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
