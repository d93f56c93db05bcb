package dev.align4j.diffusion;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.align4j.core.train.NamedParameter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Properties of rectified flow: Euler is exact on straight paths, draws are seeded, densities are right. */
class FlowMatchingTest {
  private NDManager manager;

  @BeforeEach
  void setUp() {
    manager = NDManager.newBaseManager();
  }

  @AfterEach
  void tearDown() {
    manager.close();
  }

  @Test
  void eulerLandsOnTheDataWhenTheVelocityIsExact() {
    // Data: one point c. Every path x_t = (1 - t) c + t eps is straight with velocity (x_t - c) / t, and Euler
    // follows a straight path exactly, whatever the step sizes.
    int[] shape = {2, 2, 2, 3};
    float[] c = new float[24];
    for (int i = 0; i < c.length; i++) c[i] = (float) Math.sin(i);
    NDArray point = manager.create(c, new Shape(1, 2, 2, 2, 3));
    Denoiser exact = new PointVelocity(point, shape);
    GuidedModel model = new GuidedModel(exact, manager.zeros(new Shape(3, 1, 1)), null, 1);
    for (double shift : new double[] {1, 3}) {
      NDArray x0 = new FlowSampler(RectifiedFlow.standard(), 4, shift).sample(model, new long[] {1, 2, 3}, manager);
      assertEquals(new Shape(3, 2, 2, 2, 3), x0.getShape());
      for (int b = 0; b < 3; b++) assertArrayEquals(c, x0.get(b).toFloatArray(), 1e-4f, "shift " + shift);
    }
  }

  @Test
  void drawsAreSeededPerExampleAndPerStep() {
    long[] sample = {2, 5};
    FlowDraw all = FlowDraw.keyed(manager, new long[] {4, 5, 6}, sample, TimestepDensity.logitNormal(0, 1));
    FlowDraw one = FlowDraw.keyed(manager, new long[] {5}, sample, TimestepDensity.logitNormal(0, 1));
    assertEquals(all.times()[1], one.times()[0]);
    assertArrayEquals(all.noise().get(1).toFloatArray(), one.noise().get(0).toFloatArray());
    float[][] t = new float[2][];
    for (int k = 0; k < 2; k++) {
      Engine.getInstance().setRandomSeed(42);
      t[k] = FlowDraw.fromEngine(manager, 4, sample, TimestepDensity.uniform()).times();
    }
    assertArrayEquals(t[0], t[1]);
    FlowDraw pair = all.twice();
    assertEquals(new Shape(6, 2, 5), pair.noise().getShape());
    assertEquals(all.times()[2], pair.times()[5]);
  }

  @Test
  void timeDensitiesHaveTheirShape() {
    long[] keys = new long[4000];
    for (int i = 0; i < keys.length; i++) keys[i] = 1000 + i;
    float[] logit = FlowDraw.keyed(manager, keys, new long[] {1}, TimestepDensity.logitNormal(0, 1)).times();
    float[] uniform = FlowDraw.keyed(manager, keys, new long[] {1}, TimestepDensity.uniform()).times();
    Arrays.sort(logit);
    assertEquals(0.5, logit[logit.length / 2], 0.03, "logit-normal(0, 1) has median 1/2");
    // logit-normal(0, 1) puts less mass near the ends than the uniform does
    assertTrue(logit[logit.length / 20] > 0.1, "5% quantile " + logit[logit.length / 20]);
    double mean = 0;
    for (float u : uniform) mean += u / uniform.length;
    assertEquals(0.5, mean, 0.02);
  }

  @Test
  void velocityErrorsAreDifferentiableInThePolicy() {
    AffineDenoiser policy = new AffineDenoiser(manager, 0.7, 0.4, Prediction.FLOW, 3, 4);
    NDArray w = policy.parameters().get(0).array();
    w.setRequiresGradient(true);
    NDArray x0 = manager.randomUniform(-1f, 1f, new Shape(2, 3, 4));
    FlowDraw draw = FlowDraw.keyed(manager, new long[] {1, 2}, new long[] {3, 4}, TimestepDensity.uniform());
    Conditioning cond = Conditioning.captions(manager.zeros(new Shape(2, 1, 1)));
    RectifiedFlow flow = RectifiedFlow.standard();
    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
      DenoisingErrors e = flow.errors(policy, null, false, x0, cond, draw, true);
      gc.backward(e.policy().sum());
    }
    // d/dw sum_i mean_j (w x_t + u t - v)^2 = sum_i mean_j 2 (prediction - v) x_t
    NDArray xt = flow.addNoise(x0, draw.noise(), draw.times());
    NDArray residual = policy.predict(xt, flow.timesteps(manager, draw.times()), cond, false)
        .sub(flow.target(x0, draw.noise()));
    double expected = residual.mul(xt).mul(2).reshape(2, -1).mean(new int[] {1}).sum().getFloat();
    assertEquals(expected, w.getGradient().getFloat(), 1e-4 * Math.max(1, Math.abs(expected)));
  }

  /** The exact velocity towards one data point: {@code v(x, t) = (x - c) / t}, t = s / 1000. */
  private static final class PointVelocity implements Denoiser {
    private final NDArray point;
    private final int[] shape;

    PointVelocity(NDArray point, int[] shape) {
      this.point = point;
      this.shape = shape;
    }

    @Override
    public NDArray predict(NDArray sample, NDArray timesteps, Conditioning conditioning, boolean training) {
      long[] dims = new long[sample.getShape().dimension()];
      Arrays.fill(dims, 1);
      dims[0] = sample.getShape().get(0);
      return sample.sub(point).div(timesteps.div(1000).reshape(new Shape(dims)));
    }

    @Override
    public int[] sampleShape() {
      return shape.clone();
    }

    @Override
    public Prediction prediction() {
      return Prediction.FLOW;
    }

    @Override
    public List<NamedParameter> parameters() {
      return List.of();
    }

    @Override
    public Denoiser frozenCopy() {
      return this;
    }

    @Override
    public boolean hasAdapters() {
      return false;
    }

    @Override
    public void setAdaptersEnabled(boolean enabled) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void save(Path dir) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void load(Path dir) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void close() {}
  }
}
