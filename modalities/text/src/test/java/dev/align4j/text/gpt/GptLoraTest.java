package dev.align4j.text.gpt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GptLoraTest {

  private NDManager manager;
  private ParameterStore store;
  private Gpt gpt;
  private NDArray ids;
  private NDArray mask;

  @BeforeEach
  void setUp() {
    manager = NDManager.newBaseManager();
    store = new ParameterStore(manager, false);
    gpt = Gpt.create(GptTest.TINY, 11, manager);
    ids = manager.create(new long[] {1, 5, 9, 2, 6, 10, 3, 7, 4, 8, 12, 16, 20, 24, 28, 31}, new Shape(2, 8));
    mask = manager.ones(new Shape(2, 8));
  }

  @AfterEach
  void tearDown() {
    manager.close();
  }

  private float[] logits() {
    return gpt.logits(store, ids, mask, false).toFloatArray();
  }

  private List<Parameter> loraParameters() {
    return gpt.getParameters().values().stream().filter(p -> p.getName().contains("lora")).collect(Collectors.toList());
  }

  @Test
  void freshAdaptersLeaveTheOutputUnchanged() {
    float[] base = logits();
    gpt.applyLora(4, 8f, Gpt.TARGET_MODULES, 1);
    assertEquals(GptTest.TINY.nLayers() * 6 * 2, loraParameters().size());
    assertArrayEquals(base, logits(), 0f);
  }

  @Test
  void frozenBaseGetsNoGradientAndAdaptersDo() {
    gpt.applyLora(4, 8f, Set.of("q", "v", "mlp_in"), 1);
    gpt.freezeParameters(true, p -> !p.getName().contains("lora"));
    try (NDScope scope = new NDScope(); GradientCollector collector = Engine.getInstance().newGradientCollector()) {
      scope.suppressNotUsedWarning();
      collector.backward(TestTraining.nll(gpt.logits(store, ids, mask, true), ids, mask));
      for (Pair<String, Parameter> named : gpt.getParameters()) {
        NDArray array = named.getValue().getArray();
        if (named.getKey().contains("lora")) {
          assertTrue(array.hasGradient(), named.getKey());
          if (named.getKey().endsWith("lora_b")) {
            // dL/dB = scale * (x A^T)^T dL/dy: non-zero from the first step. dL/dA has a factor B = 0.
            assertTrue(array.getGradient().abs().sum().getFloat() > 0, named.getKey());
          }
        } else {
          assertFalse(array.hasGradient(), named.getKey() + " is frozen and must get no gradient");
        }
      }
    }
  }

  @Test
  void trainedAdaptersChangeTheModelAndDisablingThemRestoresTheBase() {
    float[] base = logits();
    gpt.applyLora(4, 8f, Gpt.TARGET_MODULES, 1);
    gpt.freezeParameters(true, p -> !p.getName().contains("lora"));
    Optimizer adam = Optimizer.adam().optLearningRateTracker(Tracker.fixed(1e-2f)).build();
    float first = TestTraining.step(gpt, loraParameters(), store, adam, ids, mask);
    float last = first;
    for (int i = 0; i < 20; i++) {
      last = TestTraining.step(gpt, loraParameters(), store, adam, ids, mask);
    }
    assertTrue(last < first, "adapter training should lower the loss: " + first + " -> " + last);
    float[] adapted = logits();
    assertFalse(Arrays.equals(base, adapted));
    gpt.setAdaptersEnabled(false);
    assertArrayEquals(base, logits(), 0f);
    gpt.setAdaptersEnabled(true);
    assertArrayEquals(adapted, logits(), 0f);
  }
}
