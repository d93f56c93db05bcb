package dev.align4j.benchmarks.peers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.align4j.core.media.Image;
import dev.align4j.core.train.NamedParameter;
import dev.align4j.diffusion.BetaSchedule;
import dev.align4j.diffusion.NoiseSchedule;
import dev.align4j.image.data.ImagePair;
import dev.align4j.image.unet.UNetConfig;
import dev.align4j.image.unet.UNetDenoiser;
import dev.align4j.image.unet.WordCaptionEncoder;
import dev.align4j.image.unet.WordEncoderConfig;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the PyTorch peer reads is written, complete and consistent; the timed step runs (a tiny network). */
class DiffusionDpoStepTest {
  private static final int SIZE = 8;
  private static final UNetConfig CONFIG = new UNetConfig(3, SIZE, List.of(8, 16), 4, 16, 8, 2, "epsilon");
  private static final WordEncoderConfig ENCODER = new WordEncoderConfig(List.of("a", "red", "blue", "circle"), 4, 8, 1,
      2);

  @Test
  void exportWritesWeightsBatchAndReferenceComputation(@TempDir Path dir) throws Exception {
    List<ImagePair> pairs = pairs(3);
    DiffusionDpoStep.Settings s = new DiffusionDpoStep.Settings(3, 5000, 1e-4, 1.0, 7);
    try (NDManager m = NDManager.newBaseManager();
        UNetDenoiser unet = UNetDenoiser.create(CONFIG, 1, m);
        WordCaptionEncoder encoder = WordCaptionEncoder.create(ENCODER, 2, m)) {
      NoiseSchedule schedule = new NoiseSchedule(BetaSchedule.COSINE, 1000, 0, 0);
      DiffusionDpoStep.export(unet, encoder, schedule, pairs, s, dir);

      JsonNode ix = new ObjectMapper().readTree(dir.resolve(DiffusionDpoStep.INDEX).toFile());
      byte[] blob = Files.readAllBytes(dir.resolve(DiffusionDpoStep.TENSORS));
      assertEquals(DiffusionDpoStep.FORMAT, ix.get("format").asText());
      assertEquals(blob.length, ix.get("tensors_bytes").asLong());
      assertEquals(16, ix.get("unet").get("config").get("time_embed_dim").asInt());
      assertEquals(4, ix.get("caption_encoder").get("config").get("max_length").asInt());
      assertEquals(1000, ix.get("schedule").get("alphas_cumprod").size());
      assertEquals(3, ix.get("settings").get("batch_size").asInt());
      assertEquals(5000, ix.get("settings").get("beta").asDouble());

      // Every parameter, in order, by DJL's name, with its values at its offset.
      assertParameters(ix.get("unet").get("params"), unet.parameters(), blob);
      assertParameters(ix.get("caption_encoder").get("params"), encoder.parameters(), blob);

      JsonNode batch = ix.get("batch");
      assertEquals(3, batch.get("captions").size());
      assertEquals(3, batch.get("tokens").size());
      assertEquals(4, batch.get("tokens").get(0).size());
      assertEquals(1, batch.get("tokens").get(0).get(0).asInt()); // the start token
      assertShape(batch.get("x0"), 6, 3, SIZE, SIZE);
      float x = values(blob, batch.get("x0"))[0];
      assertTrue(x >= -1 && x <= 1);

      JsonNode c = ix.get("check");
      assertEquals(6, c.get("timesteps").size());
      assertEquals(c.get("timesteps").get(0).asInt(), c.get("timesteps").get(3).asInt()); // winner and loser share t
      assertShape(c.get("noise"), 6, 3, SIZE, SIZE);
      assertShape(c.get("context"), 3, 4, 8);
      assertShape(c.get("unet_output"), 6, 3, SIZE, SIZE);
      assertEquals(6, c.get("policy_errors").size());
      assertEquals(Math.log(2), c.get("loss").asDouble(), 1e-6); // policy == reference at the start
      assertTrue(c.get("grad_norm").asDouble() > 0);
      assertTrue(c.get("grad_sample_param").asText().endsWith("conv_out_bias"));
      assertShape(c.get("grad_sample"), 3);
      // Flat, non-overlapping layout: the last array ends where the file ends.
      long end = c.get("grad_sample").get("offset").asLong() + 3 * 4;
      assertEquals(blob.length, end);
      // The export left no gradient behind.
      for (NamedParameter p : unet.parameters()) assertEquals(0f, p.array().getGradient().abs().max().getFloat());
    }
  }

  @Test
  void timesStepsThroughTheTrainer() throws Exception {
    try (NDManager m = NDManager.newBaseManager();
        UNetDenoiser unet = UNetDenoiser.create(CONFIG, 1, m);
        WordCaptionEncoder encoder = WordCaptionEncoder.create(ENCODER, 2, m)) {
      encoder.freeze();
      float before = unet.parameters().get(0).array().getFloat(0, 0);
      DiffusionDpoStep.Timing t = DiffusionDpoStep.time(unet, encoder,
          new NoiseSchedule(BetaSchedule.COSINE, 1000, 0, 0),
          pairs(2), new DiffusionDpoStep.Settings(2, 5000, 1e-3, 1.0, 3), 1, 3, m);
      assertEquals(3, t.stepMillis().size());
      assertEquals(4, t.losses().size());
      assertEquals(Math.log(2), t.losses().get(0), 1e-6);
      assertTrue(t.medianMillis() > 0 && t.min() <= t.medianMillis() && t.medianMillis() <= t.max());
      assertTrue(before != unet.parameters().get(0).array().getFloat(0, 0), "AdamW moved the weights");
    }
  }

  @Test
  void benchmarkPairsAreShapesWorldPairs() {
    List<ImagePair> pairs = DiffusionDpoStep.pairs(4, 1);
    assertEquals(4, pairs.size());
    assertEquals(pairs.get(0).caption(), DiffusionDpoStep.pairs(4, 1).get(0).caption());
    assertEquals(32, pairs.get(0).winner().width());
  }

  private static List<ImagePair> pairs(int n) {
    Random rnd = new Random(5);
    List<String> captions = List.of("a red circle", "a blue circle", "red");
    List<ImagePair> out = new ArrayList<>();
    for (int i = 0; i < n; i++) out.add(new ImagePair(captions.get(i % 3), image(rnd), image(rnd), "t" + i));
    return out;
  }

  private static Image image(Random rnd) {
    byte[] rgb = new byte[SIZE * SIZE * 3];
    rnd.nextBytes(rgb);
    return new Image(SIZE, SIZE, rgb);
  }

  private static void assertParameters(JsonNode list, List<NamedParameter> params, byte[] blob) {
    assertEquals(params.size(), list.size());
    for (int i = 0; i < params.size(); i++) {
      JsonNode e = list.get(i);
      NamedParameter p = params.get(i);
      assertEquals(p.name(), e.get("name").asText());
      assertShape(e, p.array().getShape().getShape());
      float[] expected = p.array().toFloatArray();
      float[] written = values(blob, e);
      assertEquals(expected.length, written.length);
      for (int k = 0; k < expected.length; k++) assertEquals(expected[k], written[k], 0f, p.name());
    }
  }

  private static void assertShape(JsonNode entry, long... dims) {
    JsonNode shape = entry.get("shape");
    assertEquals(dims.length, shape.size(), entry.toString());
    for (int i = 0; i < dims.length; i++) assertEquals(dims[i], shape.get(i).asLong(), entry.toString());
  }

  private static float[] values(byte[] blob, JsonNode entry) {
    long n = 1;
    for (JsonNode d : entry.get("shape")) n *= d.asLong();
    float[] out = new float[(int) n];
    ByteBuffer.wrap(blob, (int) entry.get("offset").asLong(), (int) n * 4).order(ByteOrder.LITTLE_ENDIAN)
        .asFloatBuffer()
        .get(out);
    return out;
  }
}
