package dev.align4j.image.unet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.align4j.core.train.NamedParameter;
import dev.align4j.core.util.UserError;
import dev.align4j.diffusion.Prediction;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UNetDenoiserTest {
  private static final UNetConfig SMALL = new UNetConfig(3, 16, List.of(16, 32, 32), 4, 32, 16, 2, "epsilon");
  private NDManager manager;

  @BeforeEach
  void setUp() {
    manager = NDManager.newBaseManager();
  }

  @AfterEach
  void tearDown() {
    manager.close();
  }

  private NDArray random(long seed, long... shape) {
    Shape s = new Shape(shape);
    Random r = new Random(seed);
    float[] v = new float[(int) s.size()];
    for (int i = 0; i < v.length; i++) v[i] = (float) r.nextGaussian();
    return manager.create(v, s);
  }

  private NDArray timesteps(long... t) {
    return manager.create(t).toType(DataType.INT64, false);
  }

  private float[] predict(UNetDenoiser d, long seed) {
    return d.predict(random(seed, 2, 3, 16, 16), timesteps(3, 800), random(seed + 1, 2, 5, 16), false).toFloatArray();
  }

  private static double maxDiff(float[] a, float[] b) {
    double m = 0;
    for (int i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
    return m;
  }

  @Test
  void predictsPerSampleAndListensToTimestepAndCaption() {
    UNetDenoiser d = UNetDenoiser.create(SMALL, 1, manager);
    assertArrayEquals(new int[] {3, 16, 16}, d.sampleShape());
    assertEquals(Prediction.EPSILON, d.prediction());
    NDArray x = random(1, 2, 3, 16, 16);
    NDArray ctx = random(2, 2, 5, 16);
    NDArray out = d.predict(x, timesteps(3, 800), ctx, false);
    assertEquals(new Shape(2, 3, 16, 16), out.getShape());
    assertTrue(maxDiff(out.toFloatArray(), d.predict(x, timesteps(500, 800), ctx, false).toFloatArray()) > 1e-4);
    assertTrue(maxDiff(out.toFloatArray(), d.predict(x, timesteps(3, 800), random(3, 2, 5, 16), false)
        .toFloatArray()) > 1e-4);
    // Example 1 alone gives what it gave in the batch.
    float[] alone = d.predict(x.get("1:"), timesteps(800), ctx.get("1:"), false).toFloatArray();
    float[] both = out.get("1:").toFloatArray();
    assertTrue(maxDiff(alone, both) < 1e-5);
    assertThrows(IllegalArgumentException.class, () -> d.predict(random(1, 2, 3, 8, 8), timesteps(1, 2), ctx, false));
  }

  @Test
  void sameSeedSameWeights() {
    UNetDenoiser a = UNetDenoiser.create(SMALL, 7, manager);
    UNetDenoiser b = UNetDenoiser.create(SMALL, 7, manager);
    UNetDenoiser c = UNetDenoiser.create(SMALL, 8, manager);
    assertArrayEquals(predict(a, 1), predict(b, 1));
    assertTrue(maxDiff(predict(a, 1), predict(c, 1)) > 1e-3);
  }

  @Test
  void everyParameterTrains() {
    UNetDenoiser d = UNetDenoiser.create(SMALL, 1, manager);
    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
      NDArray out = d.predict(random(1, 2, 3, 16, 16), timesteps(3, 800), random(2, 2, 5, 16), true);
      gc.backward(out.square().mean());
    }
    for (NamedParameter p : d.parameters()) {
      assertTrue(p.array().getGradient().abs().sum().getFloat() > 0, p.name() + " got no gradient");
    }
  }

  @Test
  void loraStartsAsTheIdentityAndSwitchesOff() {
    UNetDenoiser d = UNetDenoiser.create(SMALL, 1, manager);
    float[] base = predict(d, 4);
    d.applyLora(4, 8, Set.of("q", "k", "v", "o"), 3);
    assertTrue(d.hasAdapters());
    List<NamedParameter> lora = d.parameters().stream().filter(p -> p.name().contains("lora")).toList();
    assertEquals(6 * 4 * 2, lora.size(), "A and B on q, k, v, o of 6 attentions");
    assertArrayEquals(base, predict(d, 4));
    for (NamedParameter p : lora) {
      if (p.name().endsWith("lora_b")) p.array().addi(manager.ones(p.array().getShape()).mul(0.05f));
    }
    assertTrue(maxDiff(base, predict(d, 4)) > 1e-4);
    d.setAdaptersEnabled(false);
    assertArrayEquals(base, predict(d, 4));
    assertThrows(UserError.class, () -> UNetDenoiser.create(SMALL, 1, manager).applyLora(4, 8, Set.of("mlp"), 1));
  }

  @Test
  void frozenCopyIsEqualIndependentAndFrozen() {
    UNetDenoiser d = UNetDenoiser.create(SMALL, 1, manager);
    d.applyLora(2, 2, Set.of("q", "v"), 3);
    for (NamedParameter p : d.parameters()) {
      if (p.name().endsWith("lora_b")) p.array().addi(manager.ones(p.array().getShape()).mul(0.05f));
    }
    UNetDenoiser ref = d.frozenCopy();
    assertArrayEquals(predict(d, 5), predict(ref, 5));
    ref.parameters().forEach(p -> assertFalse(p.array().hasGradient(), p.name()));
    NDArray w = d.parameters().get(0).array();
    w.addi(manager.ones(w.getShape()));
    assertTrue(maxDiff(predict(d, 5), predict(ref, 5)) > 1e-4);
    ref.close();
  }

  @Test
  void savesAndLoadsWithAdapters(@TempDir Path dir) throws IOException {
    UNetDenoiser d = UNetDenoiser.create(SMALL.withPrediction(Prediction.V_PREDICTION), 1, manager);
    d.applyLora(2, 4, Set.of("k", "o"), 3);
    for (NamedParameter p : d.parameters()) {
      if (p.name().endsWith("lora_b")) p.array().addi(manager.ones(p.array().getShape()).mul(0.05f));
    }
    d.save(dir.resolve("m"));
    assertTrue(Files.readString(dir.resolve("m/config.json")).contains("\"prediction_type\" : \"v_prediction\""));
    UNetDenoiser back = UNetDenoiser.load(dir.resolve("m"), manager);
    assertEquals(Prediction.V_PREDICTION, back.prediction());
    assertEquals(d.lora(), back.lora());
    assertArrayEquals(predict(d, 6), predict(back, 6));
    assertTrue(back.parameters().get(0).array().hasGradient(), "loaded parameters train");
    // load() into a fresh network of the same shape restores the values.
    UNetDenoiser other = UNetDenoiser.create(SMALL.withPrediction(Prediction.V_PREDICTION), 9, manager);
    other.applyLora(2, 4, Set.of("k", "o"), 3);
    other.load(dir.resolve("m"));
    assertArrayEquals(predict(d, 6), predict(other, 6));
    // A network without the adapters does not match the files.
    UNetDenoiser plain = UNetDenoiser.create(SMALL, 9, manager);
    UserError e = assertThrows(UserError.class, () -> plain.load(dir.resolve("m")));
    assertTrue(e.getMessage().contains("lora"), e.getMessage());
    assertThrows(UserError.class, () -> UNetDenoiser.load(dir.resolve("missing"), manager));
  }
}
