package dev.align4j.core.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The fused kernels compute what the composed forms compute, forward and backward, and follow grad mode. */
class FusedOpsTest {
  private NDManager manager;

  @BeforeEach
  void setUp() {
    manager = NDManager.newBaseManager();
  }

  @AfterEach
  void tearDown() {
    manager.close();
  }

  private NDArray random(Shape shape, long seed) {
    Random r = new Random(seed);
    float[] v = new float[(int) shape.size()];
    for (int i = 0; i < v.length; i++) v[i] = (float) (2 * r.nextGaussian() + 0.5);
    return manager.create(v, shape);
  }

  /** Output and the gradients of {@code sum(out * w)} for x, gamma and beta, fused and composed, agree. */
  private void agree(Shape shape, int groups, boolean silu) {
    long c = shape.get(1);
    NDArray weights = random(shape, 9);
    Function<Boolean, float[][]> run = fused -> {
      NDArray x = random(shape, 1);
      NDArray gamma = random(new Shape(c), 2);
      NDArray beta = random(new Shape(c), 3);
      x.setRequiresGradient(true);
      gamma.setRequiresGradient(true);
      beta.setRequiresGradient(true);
      try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        NDArray y;
        if (fused) {
          y = FusedOps.groupNorm(x, groups, gamma, beta, silu);
        } else {
          y = GroupNorm.composed(x, groups, gamma, beta);
          if (silu) y = y.mul(Activation.sigmoid(y));
        }
        gc.backward(y.mul(weights).sum());
        return new float[][] {y.toFloatArray(), x.getGradient().toFloatArray(), gamma.getGradient().toFloatArray(),
            beta.getGradient().toFloatArray()};
      }
    };
    float[][] fused = run.apply(true);
    float[][] composed = run.apply(false);
    String[] names = {"output", "d x", "d gamma", "d beta"};
    for (int k = 0; k < names.length; k++) {
      assertEquals(composed[k].length, fused[k].length, names[k]);
      for (int i = 0; i < fused[k].length; i++) {
        double tolerance = 2e-4 * Math.max(1, Math.abs(composed[k][i]));
        assertEquals(composed[k][i], fused[k][i], tolerance, names[k] + " element " + i + " of " + shape);
      }
    }
  }

  @Test
  void groupNormMatchesTheComposedFormForwardAndBackward() {
    agree(new Shape(3, 8, 4, 5), 4, false);
    agree(new Shape(2, 6, 3, 2, 4), 3, false); // a clip's [B, C, F, H, W]
    agree(new Shape(2, 4, 7), 1, false);
  }

  @Test
  void groupNormSiluMatchesTheComposedFormForwardAndBackward() {
    agree(new Shape(3, 8, 4, 5), 4, true);
    agree(new Shape(2, 16, 3, 3), 8, true);
  }

  @Test
  void siluIsXTimesSigmoidWithItsGradient() {
    NDArray x = random(new Shape(5, 7), 4);
    x.setRequiresGradient(true);
    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
      NDArray y = FusedOps.silu(x);
      gc.backward(y.sum());
      float[] xs = x.toFloatArray();
      float[] ys = y.toFloatArray();
      float[] grad = x.getGradient().toFloatArray();
      for (int i = 0; i < xs.length; i++) {
        double s = 1 / (1 + Math.exp(-xs[i]));
        assertEquals(xs[i] * s, ys[i], 1e-5, "silu " + i);
        assertEquals(s * (1 + xs[i] * (1 - s)), grad[i], 1e-5, "silu' " + i);
      }
    }
  }

  @Test
  void withGradModeOffNothingFlowsBackThroughThem() {
    NDArray x = random(new Shape(2, 4, 3, 3), 5);
    x.setRequiresGradient(true);
    NDArray gamma = manager.ones(new Shape(4));
    NDArray beta = manager.zeros(new Shape(4));
    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
      boolean was = JniUtils.isGradMode();
      JniUtils.setGradMode(false); // as NoGrad runs the reference and the samplers
      NDArray frozen;
      try {
        frozen = FusedOps.silu(FusedOps.groupNorm(x, 2, gamma, beta, true));
      } finally {
        JniUtils.setGradMode(was);
      }
      gc.backward(x.sum().add(frozen.sum()));
      for (float g : x.getGradient().toFloatArray()) assertEquals(1f, g, 0f, "only x.sum() reaches x");
    }
  }
}
