package dev.align4j.core.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GroupNormTest {
  private NDManager manager;
  private ParameterStore store;

  @BeforeEach
  void setUp() {
    manager = NDManager.newBaseManager();
    store = new ParameterStore(manager, false);
  }

  @AfterEach
  void tearDown() {
    manager.close();
  }

  private static float[] random(int n, long seed) {
    Random r = new Random(seed);
    float[] v = new float[n];
    for (int i = 0; i < n; i++) v[i] = (float) (3 * r.nextGaussian() + 1);
    return v;
  }

  /** GroupNorm written out in plain Java, with the biased variance torch uses. */
  private static double[] reference(float[] x, int b, int c, int hw, int groups, float[] gamma, float[] beta) {
    double[] y = new double[x.length];
    int per = c / groups * hw;
    for (int n = 0; n < b; n++) {
      for (int g = 0; g < groups; g++) {
        int start = (n * c + g * (c / groups)) * hw;
        double mean = 0;
        for (int i = 0; i < per; i++) mean += x[start + i];
        mean /= per;
        double var = 0;
        for (int i = 0; i < per; i++) var += (x[start + i] - mean) * (x[start + i] - mean);
        var /= per;
        for (int i = 0; i < per; i++) {
          int ch = (start + i) / hw % c;
          y[start + i] = (x[start + i] - mean) / Math.sqrt(var + 1e-5) * gamma[ch] + beta[ch];
        }
      }
    }
    return y;
  }

  @Test
  void matchesTheDefinitionAndTrainsItsAffineParameters() {
    int b = 3;
    int c = 6;
    int hw = 20;
    GroupNorm norm = new GroupNorm(2, c);
    norm.initialize(manager, DataType.FLOAT32, new Shape(b, c, 4, 5));
    float[] gamma = random(c, 2);
    float[] beta = random(c, 3);
    norm.getParameters().get("gamma").getArray().set(gamma);
    norm.getParameters().get("beta").getArray().set(beta);
    float[] xs = random(b * c * hw, 1);
    NDArray x = manager.create(xs, new Shape(b, c, 4, 5));
    double[] expected = reference(xs, b, c, hw, 2, gamma, beta);
    float[] got;
    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
      NDArray y = norm.forward(store, x, true);
      got = y.toFloatArray();
      gc.backward(y.sum());
    }
    for (int i = 0; i < expected.length; i++) assertEquals(expected[i], got[i], 1e-4, "element " + i);
    // d sum(y) / d beta = number of elements per channel.
    float[] dBeta = norm.getParameters().get("beta").getArray().getGradient().toFloatArray();
    for (float v : dBeta) assertEquals(b * hw, v, 1e-3);
  }

  @Test
  void eachExampleIsNormalizedOnItsOwn() {
    GroupNorm norm = new GroupNorm(4, 8);
    norm.initialize(manager, DataType.FLOAT32, new Shape(2, 8, 3, 3));
    NDArray x = manager.create(random(2 * 8 * 9, 5), new Shape(2, 8, 3, 3));
    float[] both = norm.forward(store, x, false).toFloatArray();
    float[] second = norm.forward(store, x.get("1:2"), false).toFloatArray();
    for (int i = 0; i < second.length; i++) assertEquals(both[72 + i], second[i], 1e-5);
  }

  @Test
  void rejectsChannelsThatDoNotSplitIntoGroups() {
    assertThrows(IllegalArgumentException.class, () -> new GroupNorm(4, 6));
    GroupNorm norm = new GroupNorm(2, 4);
    norm.initialize(manager, DataType.FLOAT32, new Shape(1, 4, 2, 2));
    assertThrows(IllegalArgumentException.class,
        () -> norm.forward(store, manager.zeros(new Shape(1, 6, 2, 2)), false));
  }
}
