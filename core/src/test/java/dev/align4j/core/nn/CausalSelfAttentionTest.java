package dev.align4j.core.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CausalSelfAttentionTest {

  private static final int D = 8;
  private static final int T = 5;
  private NDManager manager;
  private ParameterStore store;
  private CausalSelfAttention attention;

  @BeforeEach
  void setUp() {
    manager = NDManager.newBaseManager();
    store = new ParameterStore(manager, false);
    attention = new CausalSelfAttention(D, 2);
    long seed = 1;
    for (LoraLinear p : attention.projections().values()) {
      p.setInitializer(SeededInitializer.normal(0.3, seed++), "weight");
    }
    attention.initialize(manager, DataType.FLOAT32, new Shape(2, T, D), new Shape(2, T));
  }

  @AfterEach
  void tearDown() {
    manager.close();
  }

  private NDArray input(long seed) {
    return SeededInitializer.normal(1, seed).initialize(manager, new Shape(2, T, D), DataType.FLOAT32);
  }

  private NDArray run(NDArray x, NDArray mask) {
    return attention.forward(store, new NDList(x, mask), false).singletonOrThrow();
  }

  @Test
  void parameterNames() {
    assertEquals(List.of("01q_weight", "01q_bias", "02k_weight", "02k_bias", "03v_weight", "03v_bias",
        "04o_weight", "04o_bias"), attention.getParameters().keys());
  }

  @Test
  void laterTokensDoNotChangeEarlierOutputs() {
    NDArray mask = manager.ones(new Shape(2, T));
    NDArray x = input(3);
    NDArray changed = x.duplicate();
    changed.set(new NDIndex(":, 3:, :"), 7f);
    NDArray a = run(x, mask);
    NDArray b = run(changed, mask);
    assertArrayEquals(a.get(":, :3, :").toFloatArray(), b.get(":, :3, :").toFloatArray(), 1e-6f);
  }

  @Test
  void paddedKeysAreIgnored() {
    // Row 0: keys 0 and 1 are left padding; changing them must not change positions 2.. .
    NDArray mask = manager.create(new float[] {0, 0, 1, 1, 1, 1, 1, 1, 1, 1}, new Shape(2, T));
    NDArray x = input(4);
    NDArray changed = x.duplicate();
    changed.set(new NDIndex("0, :2, :"), -3f);
    assertArrayEquals(run(x, mask).get("0, 2:, :").toFloatArray(),
        run(changed, mask).get("0, 2:, :").toFloatArray(), 1e-6f);
  }

  @Test
  void biasIsCausalAndMasked() {
    NDArray mask = manager.create(new long[] {0, 1, 1}, new Shape(1, 3));
    float[] bias = CausalSelfAttention.attentionBias(mask, 2).toFloatArray(); // queries at 1, 2
    float m = -1e9f;
    assertArrayEquals(new float[] {m, 0, m, m, 0, 0}, bias, 0f);
  }

  @Test
  void cachedStepsEqualFullPass() {
    NDArray mask = manager.ones(new Shape(2, T));
    NDArray x = input(5);
    NDArray full = run(x, mask);
    try (KvCache cache = new KvCache(manager, 1)) {
      NDArray prefix = x.get(":, :3, :");
      NDArray out = attention.forward(store, prefix, CausalSelfAttention.attentionBias(mask.get(":, :3"), 3),
          cache, 0, false);
      assertArrayEquals(full.get(":, :3, :").toFloatArray(), out.toFloatArray(), 1e-5f);
      for (int t = 3; t < T; t++) {
        NDArray step = attention.forward(store, x.get(":, {}:{}, :", t, t + 1),
            CausalSelfAttention.attentionBias(mask.get(":, :{}", t + 1), 1), cache, 0, false);
        assertArrayEquals(full.get(":, {}:{}, :", t, t + 1).toFloatArray(), step.toFloatArray(), 1e-5f);
      }
      assertEquals(T, cache.length());
    }
  }
}
