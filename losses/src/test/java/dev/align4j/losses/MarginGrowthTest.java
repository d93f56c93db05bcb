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

/**
 * Behavioural sanity: descending each loss on free log-prob parameters, starting next to the reference,
 * lowers the loss and widens the implicit-reward margin between preferred and dispreferred completions
 * (TRL's rewards/margins: chosen vs rejected, desirable vs undesirable, best- vs worst-scored candidate).
 */
class MarginGrowthTest {
  private static final int STEPS = 60;
  private static final double STEP_SIZE = 0.05;

  @TestFactory
  Stream<DynamicTest> everyLoss() {
    List<DynamicTest> tests = new ArrayList<>();
    for (LossSpec spec : LossRegistry.specs()) {
      tests.add(DynamicTest.dynamicTest(spec.name(), () -> descend(spec.name())));
    }
    return tests.stream();
  }

  private void descend(String name) {
    TestBatch batch = new TestBatch(5, 0.02);
    if (name.equals("discopop")) {
      // DiscoPOP is non-convex around z = 0: there d loss / dz = 5 - 5 log 2 - 0.75 > 0 (tau 0.05), so
      // descent first pushes the margin down. Past z = beta*D ~ 0.5 the exponential part rules and the
      // margin grows; start there (the paper reports the same shape).
      for (int i = 0; i < batch.params.get("tokens_chosen").length; i++) batch.params.get("tokens_chosen")[i] += 2;
    }
    PreferenceLoss loss = LossCases.create(name);
    double[] start = null;
    double[] now = null;
    try (NDManager m = NDManager.newBaseManager()) {
      Map<String, NDArray> p = batch.arrays(m);
      for (int step = 0; step <= STEPS; step++) {
        try (NDManager stepManager = m.newSubManager()) {
          p.values().forEach(a -> a.setRequiresGradient(true));
          LossOutput out;
          try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            LossCases.reset(loss);
            out = loss.compute(LossCases.terms(name, batch, stepManager, p));
            gc.backward(out.loss());
          }
          now = new double[] {out.loss().getDouble(), out.metrics().get("rewards/margins").getDouble()};
          if (start == null) start = now;
          if (step == STEPS) break;
          // Normalised gradient descent: the same step length whatever the loss's scale.
          double norm = 0;
          for (NDArray a : p.values()) norm += a.getGradient().square().sum().toType(
              ai.djl.ndarray.types.DataType.FLOAT64, false).getDouble();
          double scale = STEP_SIZE / (Math.sqrt(norm) + 1e-12);
          for (Map.Entry<String, NDArray> e : p.entrySet()) {
            NDArray next = e.getValue().sub(e.getValue().getGradient().toType(
                ai.djl.ndarray.types.DataType.FLOAT64, false).mul(scale));
            next.attach(m);
            e.setValue(next);
          }
        }
      }
    }
    assertTrue(now[0] < start[0], name + ": loss did not fall: " + start[0] + " -> " + now[0]);
    if (!name.equals("dspo")) {  // DSPO moves noise predictions, not the summed terms the margin is read from
      assertTrue(now[1] > start[1] + 1e-3, name + ": margin did not widen: " + start[1] + " -> " + now[1]);
    }
  }
}
