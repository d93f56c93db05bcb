package dev.align4j.rewards.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxJavaType;
import dev.align4j.core.util.UserError;
import dev.align4j.rewards.fixtures.Fp16Graphs;
import dev.align4j.rewards.fixtures.NearestPreprocessor;
import dev.align4j.rewards.fixtures.OnnxWeights;
import dev.align4j.rewards.fixtures.ReferenceMath;
import dev.align4j.rewards.fixtures.TestImages;
import dev.align4j.rewards.fixtures.TinyRewardModels;
import dev.align4j.rewards.manifest.Preprocessing;
import dev.align4j.rewards.onnx.Tensor.FloatTensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OnnxSessionTest {
  static final Path VISION = Path.of("../models/clip-score/vision_model.onnx");
  static final Path TEXT = Path.of("../models/clip-score/text_model.onnx");
  static final int N = 5;

  static float[] pixels() {
    return new NearestPreprocessor(Preprocessing.clip(Preprocessing.Mode.CLIP_CENTER_CROP, 224))
        .apply(TestImages.make(N, 7));
  }

  static FloatTensor pixelTensor(float[] px) {
    return Tensor.of(px, N, 3, 224, 224);
  }

  @Test
  void visionTowerMatchesPlainJavaMath() throws Exception {
    float[] px = pixels();
    try (OnnxSession s = OnnxSession.open(VISION, SessionConfig.cpu())) {
      assertEquals(Set.of("pixel_values"), s.inputNames());
      assertEquals(Set.of("image_embeds"), s.outputNames());
      FloatTensor out = s.run(Map.of("pixel_values", pixelTensor(px)), Set.of("image_embeds")).get("image_embeds");
      assertArrayEquals(new long[] {N, TinyRewardModels.DIM}, out.shape());
      for (int i = 0; i < N; i++) {
        double[] ref = ReferenceMath.imageEmbedding(VISION, px, i);
        for (int d = 0; d < ref.length; d++) assertEquals(ref[d], out.row(i)[d], 1e-4, "image " + i + " dim " + d);
      }
    }
  }

  @Test
  void textTowerTakesInt64IdsAndMask() throws Exception {
    long[] ids = {575, 300, 301, 576, 576, 576, 1, 2, 3, 4, 576, 576};
    long[] mask = {1, 1, 1, 1, 0, 0, 1, 1, 1, 1, 1, 0};
    try (OnnxSession s = OnnxSession.open(TEXT, SessionConfig.cpu())) {
      assertEquals(OnnxJavaType.INT64, s.inputType("input_ids"));
      FloatTensor out = s.run(Map.of("input_ids", Tensor.of(ids, 2, 6), "attention_mask", Tensor.of(mask, 2, 6)),
          Set.of("text_embeds")).get("text_embeds");
      for (int r = 0; r < 2; r++) {
        double[] ref = ReferenceMath.textEmbedding(TEXT, java.util.Arrays.copyOfRange(ids, r * 6, r * 6 + 6),
            java.util.Arrays.copyOfRange(mask, r * 6, r * 6 + 6));
        for (int d = 0; d < ref.length; d++) assertEquals(ref[d], out.row(r)[d], 1e-4);
      }
    }
  }

  @Test
  void batchedRunEqualsOneRun() {
    FloatTensor px = pixelTensor(pixels());
    try (OnnxSession s = OnnxSession.open(VISION, SessionConfig.cpu())) {
      FloatTensor whole = s.run(Map.of("pixel_values", px), Set.of("image_embeds")).get("image_embeds");
      FloatTensor chunked = s.runBatched(Map.of("pixel_values", px), Set.of("image_embeds"), 2).get("image_embeds");
      assertArrayEquals(whole.shape(), chunked.shape());
      assertArrayEquals(whole.data(), chunked.data(), 1e-6f);
    }
  }

  @Test
  void fp16GraphTakesAndReturnsFloats(@TempDir Path dir) throws Exception {
    Path fp16 = dir.resolve("vision_fp16.onnx");
    Files.write(fp16, Fp16Graphs.toFp16(TinyRewardModels.visionTower(12)).toByteArray());
    float[] px = pixels();
    try (OnnxSession half = OnnxSession.open(fp16, SessionConfig.cpu())) {
      assertEquals(OnnxJavaType.FLOAT16, half.inputType("pixel_values"));
      assertEquals(OnnxJavaType.FLOAT16, half.outputType("image_embeds"));
      FloatTensor out = half.run(Map.of("pixel_values", pixelTensor(px)), Set.of("image_embeds")).get("image_embeds");
      // reference: the same math on half-rounded pixels and weights, the result rounded to half
      OnnxWeights w = OnnxWeights.read(VISION);
      float[] pxHalf = OnnxWeights.roundToHalf(px);
      float[] wHalf = OnnxWeights.roundToHalf(w.get("visual_projection_w_0"));
      float[] bHalf = OnnxWeights.roundToHalf(w.get("visual_projection_b_0"));
      for (int i = 0; i < N; i++) {
        double[] ref = ReferenceMath.dense(ReferenceMath.pooledImage(pxHalf, i * 3 * 224 * 224), wHalf, bHalf);
        for (int d = 0; d < ref.length; d++) {
          float refHalf = OnnxWeights.roundToHalf(new float[] {(float) ref[d]})[0];
          assertEquals(refHalf, out.row(i)[d], 1e-3 * Math.max(1, Math.abs(refHalf)), "image " + i + " dim " + d);
        }
      }
    }
  }

  @Test
  void threadCountsAreApplied() {
    FloatTensor px = pixelTensor(pixels());
    try (OnnxSession a = OnnxSession.open(VISION, SessionConfig.cpu());
        OnnxSession b = OnnxSession.open(VISION, SessionConfig.cpu().withThreads(1, 2))) {
      assertArrayEquals(a.run(Map.of("pixel_values", px), Set.of("image_embeds")).get("image_embeds").data(),
          b.run(Map.of("pixel_values", px), Set.of("image_embeds")).get("image_embeds").data(), 1e-6f);
    }
    UserError e = assertThrows(UserError.class, () -> SessionConfig.cpu().withThreads(-1, 0));
    assertTrue(e.getMessage().startsWith("intra_op_threads:"), e.getMessage());
    assertThrows(UserError.class, () -> SessionConfig.cpu().withBatchSize(0));
  }

  @Test
  void deviceStrings() {
    assertEquals(SessionConfig.cpu(), SessionConfig.forDevice("cpu"));
    assertEquals(SessionConfig.cuda(0), SessionConfig.forDevice("cuda"));
    assertEquals(SessionConfig.cuda(1), SessionConfig.forDevice("CUDA:1"));
    UserError e = assertThrows(UserError.class, () -> SessionConfig.forDevice("tpu"));
    assertEquals("device: expected cpu, cuda or cuda:N, got 'tpu'", e.getMessage());
  }

  @Test
  void cudaWithoutCudaIsOneClearLine() {
    UserError e;
    try {
      OnnxSession s = OnnxSession.open(VISION, SessionConfig.cuda(0));
      s.close();
      Assumptions.abort("CUDA works on this machine");
      return;
    } catch (UserError thrown) {
      e = thrown;
    }
    String m = e.getMessage();
    assertTrue(m.startsWith("device cuda:0: ONNX Runtime's CUDA execution provider cannot start"), m);
    assertTrue(m.endsWith("or use device: cpu"), m);
    assertFalse(m.contains("\n"), m);
  }

  @Test
  void missingCorruptAndMisfedModels(@TempDir Path dir) throws Exception {
    UserError missing = assertThrows(UserError.class,
        () -> OnnxSession.open(dir.resolve("none.onnx"), SessionConfig.cpu()));
    assertTrue(missing.getMessage().startsWith("ONNX model not found: "), missing.getMessage());
    Path junk = dir.resolve("junk.onnx");
    Files.writeString(junk, "not a protobuf");
    UserError corrupt = assertThrows(UserError.class, () -> OnnxSession.open(junk, SessionConfig.cpu()));
    assertTrue(corrupt.getMessage().startsWith("cannot load ONNX model " + junk), corrupt.getMessage());
    assertFalse(corrupt.getMessage().contains("\n"));
    try (OnnxSession s = OnnxSession.open(TEXT, SessionConfig.cpu())) {
      IllegalArgumentException wrongType = assertThrows(IllegalArgumentException.class,
          () -> s.run(Map.of("input_ids", Tensor.of(new float[] {1}, 1, 1), "attention_mask",
              Tensor.of(new long[] {1}, 1, 1)),
              Set.of("text_embeds")));
      assertTrue(wrongType.getMessage().contains("input input_ids is INT64"), wrongType.getMessage());
      assertThrows(IllegalArgumentException.class, () -> s.run(Map.of(), Set.of("logits")));
    }
  }
}
