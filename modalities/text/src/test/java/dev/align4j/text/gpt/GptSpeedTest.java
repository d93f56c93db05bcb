package dev.align4j.text.gpt;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import dev.align4j.core.nn.SeededInitializer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Median time of a training forward + backward on a small config. Opt-in:
 * {@code mvn -B -pl modalities/text -am test -Dtest=GptSpeedTest -Dsurefire.failIfNoSpecifiedTests=false
 * -DargLine=-Dalign4j.bench=true}.
 */
@EnabledIfSystemProperty(named = "align4j.bench", matches = "true")
class GptSpeedTest {

  @Test
  void forwardBackward() {
    int batch = Integer.getInteger("align4j.bench.batch", 16);
    int length = Integer.getInteger("align4j.bench.length", 64);
    int runs = Integer.getInteger("align4j.bench.runs", 10);
    GptConfig config = GptConfig.of(256, length, 128, 4, 4);
    try (NDManager manager = NDManager.newBaseManager()) {
      ParameterStore store = new ParameterStore(manager, false);
      Gpt gpt = Gpt.create(config, 1, manager);
      NDArray ids = SeededInitializer.uniform(1, 2)
          .initialize(manager, new Shape(batch, length), ai.djl.ndarray.types.DataType.FLOAT32)
          .add(1).mul(127.9f).toType(ai.djl.ndarray.types.DataType.INT64, false);
      NDArray mask = manager.ones(new Shape(batch, length));
      double[] trainMs = new double[runs];
      double[] inferMs = new double[runs];
      for (int i = -3; i < runs; i++) {
        long t0 = System.nanoTime();
        try (NDScope scope = new NDScope(); GradientCollector collector = Engine.getInstance().newGradientCollector()) {
          scope.suppressNotUsedWarning();
          NDArray loss = TestTraining.nll(gpt.logits(store, ids, mask, true), ids, mask);
          collector.backward(loss);
          loss.getFloat();
        }
        long t1 = System.nanoTime();
        try (NDScope scope = new NDScope()) {
          scope.suppressNotUsedWarning();
          gpt.logits(store, ids, mask, false).get(0, 0, 0).getFloat();
        }
        long t2 = System.nanoTime();
        for (Parameter p : gpt.getParameters().values()) {
          try (NDArray grad = p.getArray().getGradient()) {
            grad.subi(grad);
          }
        }
        if (i >= 0) {
          trainMs[i] = (t1 - t0) / 1e6;
          inferMs[i] = (t2 - t1) / 1e6;
        }
      }
      Arrays.sort(trainMs);
      Arrays.sort(inferMs);
      long params = gpt.getParameters().values().stream().mapToLong(p -> p.getShape().size()).sum();
      System.out.printf("BENCH d_model=128 n_layers=4 n_heads=4 V=256 B=%d T=%d params=%d threads=%s%n", batch, length,
          params, System.getProperty("ai.djl.pytorch.num_threads", "default"));
      System.out.printf("BENCH forward+backward median %.1f ms (min %.1f, max %.1f) over %d runs%n",
          trainMs[runs / 2], trainMs[0], trainMs[runs - 1], runs);
      System.out.printf("BENCH inference forward median %.1f ms (min %.1f, max %.1f)%n",
          inferMs[runs / 2], inferMs[0], inferMs[runs - 1]);
    }
  }
}
