package dev.align4j.diffusion;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Schedules, spacings and single DDIM/DDPM steps against tools/golden/diffusion_golden.py (numpy). */
class DiffusionGoldenTest {
  private static JsonNode golden;
  private NDManager manager;

  @BeforeAll
  static void read() throws IOException {
    try (InputStream in = DiffusionGoldenTest.class.getResourceAsStream("/golden/diffusion.json")) {
      golden = new ObjectMapper().readTree(in);
    }
  }

  @BeforeEach
  void setUp() {
    manager = NDManager.newBaseManager();
  }

  @AfterEach
  void tearDown() {
    manager.close();
  }

  static NoiseSchedule schedule(String name) {
    return switch (name) {
      case "linear" -> NoiseSchedule.ddpm();
      case "scaled_linear" -> NoiseSchedule.stableDiffusion();
      default -> new NoiseSchedule(BetaSchedule.COSINE, 1000, 0, 0);
    };
  }

  private static double[] doubles(JsonNode n) {
    double[] v = new double[n.size()];
    for (int i = 0; i < v.length; i++) v[i] = n.get(i).asDouble();
    return v;
  }

  private static int[] ints(JsonNode n) {
    int[] v = new int[n.size()];
    for (int i = 0; i < v.length; i++) v[i] = n.get(i).asInt();
    return v;
  }

  private NDArray array(String field) {
    double[] d = doubles(golden.get(field));
    float[] f = new float[d.length];
    for (int i = 0; i < d.length; i++) f[i] = (float) d[i];
    int[] s = ints(golden.get("shape"));
    return manager.create(f, new Shape(s[0], s[1], s[2], s[3]));
  }

  private static void close(double[] expected, NDArray actual, double tol, String what) {
    float[] a = actual.toFloatArray();
    assertEquals(expected.length, a.length, what);
    for (int i = 0; i < a.length; i++) {
      assertEquals(expected[i], a[i], tol * Math.max(1, Math.abs(expected[i])), what + " [" + i + "]");
    }
  }

  @Test
  void alphaBarMatchesNumpy() {
    golden.get("alpha_bar").fields().forEachRemaining(e -> {
      NoiseSchedule s = schedule(e.getKey());
      int[] t = ints(e.getValue().get("t"));
      double[] v = doubles(e.getValue().get("values"));
      for (int i = 0; i < t.length; i++) {
        assertEquals(v[i], s.alphaBar(t[i]), 1e-12 * Math.max(1e-3, v[i]) + 1e-15, e.getKey() + " t=" + t[i]);
      }
    });
  }

  @Test
  void spacingsMatchDiffusers() {
    golden.get("spacing").fields().forEachRemaining(kind -> kind.getValue().fields().forEachRemaining(n -> {
      int[] expected = ints(n.getValue());
      int[] got = TimestepSpacing.parse(kind.getKey()).timesteps(1000, Integer.parseInt(n.getKey()));
      assertArrayEquals(expected, got, kind.getKey() + " with " + n.getKey() + " steps");
    }));
  }

  @Test
  void ddimStepsMatchNumpy() {
    NDArray xt = array("xt");
    NDArray out = array("output");
    NDArray noise = array("noise");
    NDArray xPrev = array("x_prev");
    int checkedLogProbs = 0;
    for (JsonNode c : golden.get("ddim")) {
      Prediction p = c.get("prediction").asText().equals("epsilon") ? Prediction.EPSILON : Prediction.V_PREDICTION;
      String what = c.get("prediction").asText() + " " + c.get("schedule").asText() + " eta " + c.get("eta");
      DiffusionStep step = Ddim.step(schedule(c.get("schedule").asText()), p, xt, out, ints(c.get("t")),
          ints(c.get("prev")), c.get("eta").asDouble(), noise, false);
      close(doubles(c.get("mean")), step.mean(), 1e-4, what + " mean");
      close(doubles(c.get("std")), step.std(), 1e-5, what + " std");
      close(doubles(c.get("sample")), step.sample(), 1e-4, what + " sample");
      close(doubles(c.get("x0")), step.x0(), 1e-4, what + " x0");
      if (c.has("logprob")) {
        close(doubles(c.get("logprob")), Ddim.logProb(xPrev, step), 1e-4, what + " logprob");
        checkedLogProbs++;
      }
    }
    assertEquals(8, checkedLogProbs);
  }

  @Test
  void ddpmStepsMatchNumpy() {
    NDArray xt = array("xt");
    NDArray out = array("output");
    NDArray noise = array("noise");
    for (JsonNode c : golden.get("ddpm")) {
      DiffusionStep step = Ddpm.step(schedule(c.get("schedule").asText()), Prediction.EPSILON, xt, out,
          ints(c.get("t")), ints(c.get("prev")), noise, false);
      close(doubles(c.get("mean")), step.mean(), 1e-4, c.get("schedule") + " mean");
      close(doubles(c.get("std")), step.std(), 1e-5, c.get("schedule") + " std");
      close(doubles(c.get("sample")), step.sample(), 1e-4, c.get("schedule") + " sample");
    }
  }
}
