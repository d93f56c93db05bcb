package dev.align4j.losses;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Autograd gradients of every loss agree with central finite differences (float64). */
class GradientCheckTest {
  private static final double H = 1e-6;

  @TestFactory
  Stream<DynamicTest> everyLoss() {
    List<DynamicTest> tests = new ArrayList<>();
    for (LossSpec spec : LossRegistry.specs()) {
      tests.add(DynamicTest.dynamicTest(spec.name(), () -> check(spec.name())));
    }
    return tests.stream();
  }

  /**
   * Training runs in float32, where a detached step (DJL's {@code toType} drops the autograd graph) or a
   * cancellation would show up that the float64 check cannot see: float32 autograd must match float64 autograd.
   */
  @TestFactory
  Stream<DynamicTest> float32GradientsMatchFloat64() {
    List<DynamicTest> tests = new ArrayList<>();
    for (LossSpec spec : LossRegistry.specs()) {
      tests.add(DynamicTest.dynamicTest(spec.name(), () -> {
        Map<String, double[]> exact = autograd(spec.name(), batchFor(spec.name())).grads();
        Map<String, double[]> single;
        try {
          TestBatch.type = ai.djl.ndarray.types.DataType.FLOAT32;
          single = autograd(spec.name(), batchFor(spec.name())).grads();
        } finally {
          TestBatch.type = ai.djl.ndarray.types.DataType.FLOAT64;
        }
        double scale = 0;
        for (double[] g : exact.values()) for (double v : g) scale = Math.max(scale, Math.abs(v));
        assertTrue(scale > 0, spec.name() + ": no gradient at all");
        for (Map.Entry<String, double[]> e : exact.entrySet()) {
          if (LossCases.detachedInputs(spec.name()).contains(e.getKey())) continue;
          double[] a = e.getValue();
          double[] b = single.get(e.getKey());
          for (int i = 0; i < a.length; i++) {
            if (!TestBatch.live(e.getKey(), i)) continue;
            assertTrue(Math.abs(a[i] - b[i]) <= 1e-3 * Math.abs(a[i]) + 1e-5 * scale, String.format(
                "%s: d loss / d %s[%d]: float64 %.8g, float32 %.8g", spec.name(), e.getKey(), i, a[i], b[i]));
          }
        }
      }));
    }
    return tests.stream();
  }

  /** The loss value and autograd gradients for {@code name} on {@code batch}, in {@link TestBatch#type}. */
  private record Autograd(double loss, Map<String, double[]> grads) {}

  private static Autograd autograd(String name, TestBatch batch) {
    PreferenceLoss loss = LossCases.create(name);
    Map<String, double[]> grads = new java.util.LinkedHashMap<>();
    double value;
    try (NDManager m = NDManager.newBaseManager()) {
      Map<String, NDArray> p = batch.arrays(m);
      p.values().forEach(a -> a.setRequiresGradient(true));
      try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        LossCases.reset(loss);
        NDArray l = loss.compute(LossCases.terms(name, batch, m, p)).loss();
        value = l.toType(ai.djl.ndarray.types.DataType.FLOAT64, false).getDouble();
        gc.backward(l);
      }
      // An input the loss does not use gets a float32 zero gradient from DJL.
      p.forEach((k, a) -> grads.put(k, a.getGradient().toType(ai.djl.ndarray.types.DataType.FLOAT64, false)
          .toDoubleArray()));
    }
    return new Autograd(value, grads);
  }

  private static TestBatch batchFor(String name) {
    TestBatch batch = new TestBatch(11, 0.3);
    if (name.equals("diffusion_kto")) {
      // Its reference point max(0, batch mean log-ratio) is detached: keep it at 0, away from the kink.
      shift(batch.params.get("tokens_chosen"), -0.3);
    }
    return batch;
  }

  private void check(String name) {
    TestBatch batch = batchFor(name);
    PreferenceLoss loss = LossCases.create(name);
    Autograd a = autograd(name, batch);
    Map<String, double[]> grads = a.grads();
    double lossValue = a.loss();
    assertTrue(Double.isFinite(lossValue), name + " loss not finite");
    int checked = 0;
    for (Map.Entry<String, double[]> e : batch.params.entrySet()) {
      if (LossCases.detachedInputs(name).contains(e.getKey())) continue;
      double[] x = e.getValue();
      for (int i = 0; i < x.length; i++) {
        if (!TestBatch.live(e.getKey(), i)) continue;
        double saved = x[i];
        x[i] = saved + H;
        double up = evaluate(name, loss, batch);
        x[i] = saved - H;
        double down = evaluate(name, loss, batch);
        x[i] = saved;
        double numeric = (up - down) / (2 * H);
        double analytic = grads.get(e.getKey())[i];
        double tol = 1e-5 * Math.max(Math.abs(numeric), Math.abs(analytic)) + 1e-7 * Math.max(1, Math.abs(lossValue));
        assertTrue(Math.abs(numeric - analytic) <= tol, String.format(
            "%s: d loss / d %s[%d]: autograd %.10g, finite differences %.10g", name, e.getKey(), i, analytic, numeric));
        checked++;
      }
    }
    assertTrue(checked > 0);
  }

  private static double evaluate(String name, PreferenceLoss loss, TestBatch batch) {
    try (NDManager m = NDManager.newBaseManager()) {
      LossCases.reset(loss);
      return loss.compute(LossCases.terms(name, batch, m, batch.arrays(m))).loss().getDouble();
    }
  }

  private static void shift(double[] x, double by) {
    for (int i = 0; i < x.length; i++) x[i] += by;
  }
}
