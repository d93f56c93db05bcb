package dev.align4j.diffusion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.align4j.core.train.Reference;
import dev.align4j.core.util.UserError;
import dev.align4j.losses.LossOutput;
import dev.align4j.losses.LossRegistry;
import dev.align4j.losses.PreferenceTerms;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Rectified flow, the Euler sampler and Flow-DPO's terms and loss on rank-3 and rank-5 samples against
 * tools/golden/flow_golden.py (numpy).
 */
class FlowGoldenTest {
  private static JsonNode golden;
  private NDManager manager;

  @BeforeAll
  static void read() throws IOException {
    try (InputStream in = FlowGoldenTest.class.getResourceAsStream("/golden/flow.json")) {
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

  @Test
  void flowDpoTermsAndLossMatchNumpyOnRank3AndRank5Samples() {
    for (JsonNode c : golden.get("pairs")) {
      long[] sample = longs(c.get("sample_shape"));
      int pairs = c.get("times").size();
      String what = "sample " + new Shape(sample);
      NDArray winners = array(c.get("winners"), batch(pairs, sample));
      NDArray losers = array(c.get("losers"), batch(pairs, sample));
      FlowDraw draw = new FlowDraw(floats(c.get("times")), array(c.get("noise"), batch(pairs, sample)));
      Conditioning cond = Conditioning.captions(array(c.get("captions"), new long[] {pairs, 3, 4}));
      Denoiser policy = network(golden.get("policy"), sample);
      Reference<Denoiser> reference = Reference.frozenCopy(network(golden.get("reference"), sample));
      RectifiedFlow flow = RectifiedFlow.standard();

      NDArray x0 = winners.concat(losers, 0);
      FlowDraw both = draw.twice();
      close(c.get("xt"), flow.addNoise(x0, both.noise(), both.times()), 1e-5, what + " x_t");
      close(c.get("target"), flow.target(x0, both.noise()), 1e-5, what + " target");
      DenoisingErrors e = flow.errors(policy, reference, true, x0, cond.concat(cond), both, false);
      close(c.get("policy_errors"), e.policy(), 1e-5, what + " policy errors");
      close(c.get("reference_errors"), e.reference(), 1e-5, what + " reference errors");

      PreferenceTerms terms = FlowDpo.terms(policy, reference, true, flow, winners, losers, cond, draw, false)
          .build();
      LossOutput out = LossRegistry.create("diffusion_dpo", Map.of("beta", FlowDpo.BETA)).compute(terms);
      close(c.get("per_pair_loss"), out.perExample(), 1e-4, what + " per-pair loss");
      assertEquals(c.get("loss").asDouble(), out.loss().getFloat(), 1e-4 * c.get("loss").asDouble(), what + " loss");
    }
  }

  @Test
  void samplerTimesAndAGuidedEulerSampleMatchNumpy() {
    for (JsonNode c : golden.get("sampler_times")) {
      float[] t = new FlowSampler(RectifiedFlow.standard(), c.get("steps").asInt(), c.get("shift").asDouble())
          .times();
      close(c.get("times"), manager.create(t), 1e-6, "times");
    }
    for (JsonNode c : golden.get("euler")) {
      long[] sample = longs(c.get("sample_shape"));
      Denoiser net = network(golden.get("policy"), sample);
      GuidedModel model = new GuidedModel(net, array(c.get("conditional"), new long[] {2, 3, 4}),
          array(c.get("unconditional"), new long[] {2, 3, 4}), c.get("guidance_scale").asDouble());
      FlowSampler sampler = new FlowSampler(RectifiedFlow.standard(), c.get("steps").asInt(),
          c.get("shift").asDouble());
      close(c.get("x0"), sampler.sample(model, array(c.get("x1"), batch(2, sample))), 1e-4,
          "Euler sample " + new Shape(sample));
    }
  }

  @Test
  void aFlowScheduleRefusesADiffusionNetworkAndBack() {
    Denoiser eps = new AffineDenoiser(manager, 1, 0, Prediction.EPSILON, 2, 3);
    NDArray x0 = manager.zeros(new Shape(1, 2, 3));
    FlowDraw draw = new FlowDraw(new float[] {0.5f}, manager.ones(new Shape(1, 2, 3)));
    Conditioning cond = Conditioning.captions(manager.zeros(new Shape(1, 3, 4)));
    assertThrows(UserError.class, () -> RectifiedFlow.standard().errors(eps, null, false, x0, cond, draw, false));
    Denoiser flow = new AffineDenoiser(manager, 1, 0, Prediction.FLOW, 2, 3);
    NoiseDraw ddpm = new NoiseDraw(new int[] {10}, manager.ones(new Shape(1, 2, 3)));
    assertThrows(UserError.class, () -> DenoisingErrors.compute(flow, null, false, NoiseSchedule.ddpm(), x0, cond,
        ddpm, false));
  }

  private Denoiser network(JsonNode params, long[] sample) {
    int[] shape = new int[sample.length];
    for (int i = 0; i < shape.length; i++) shape[i] = (int) sample[i];
    return new AffineDenoiser(manager, params.get(0).asDouble(), params.get(1).asDouble(), Prediction.FLOW, shape);
  }

  private NDArray array(JsonNode values, long[] shape) {
    return manager.create(floats(values), new Shape(shape));
  }

  private static long[] batch(int n, long[] sample) {
    long[] dims = new long[sample.length + 1];
    dims[0] = n;
    System.arraycopy(sample, 0, dims, 1, sample.length);
    return dims;
  }

  private static long[] longs(JsonNode n) {
    long[] v = new long[n.size()];
    for (int i = 0; i < v.length; i++) v[i] = n.get(i).asLong();
    return v;
  }

  private static float[] floats(JsonNode n) {
    float[] v = new float[n.size()];
    for (int i = 0; i < v.length; i++) v[i] = (float) n.get(i).asDouble();
    return v;
  }

  private static void close(JsonNode expected, NDArray actual, double tol, String what) {
    float[] a = actual.toFloatArray();
    assertEquals(expected.size(), a.length, what);
    for (int i = 0; i < a.length; i++) {
      double x = expected.get(i).asDouble();
      assertEquals(x, a[i], tol * Math.max(1, Math.abs(x)), what + " [" + i + "]");
    }
  }
}
