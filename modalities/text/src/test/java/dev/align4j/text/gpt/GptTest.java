package dev.align4j.text.gpt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GptTest {

  static final GptConfig TINY = GptConfig.of(32, 16, 32, 2, 4);

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

  private NDArray ids(long[][] rows) {
    long[] flat = new long[rows.length * rows[0].length];
    for (int b = 0; b < rows.length; b++) {
      System.arraycopy(rows[b], 0, flat, b * rows[0].length, rows[0].length);
    }
    return manager.create(flat, new Shape(rows.length, rows[0].length));
  }

  @Test
  void logitsHaveShapeBTV() {
    Gpt gpt = Gpt.create(TINY, 1, manager);
    NDArray ids = ids(new long[][] {{1, 2, 3, 4, 5}, {6, 7, 8, 9, 10}});
    NDArray logits = gpt.logits(store, ids, manager.ones(new Shape(2, 5)), false);
    assertEquals(new Shape(2, 5, 32), logits.getShape());
    NDArray viaBlock = gpt.forward(store, new NDList(ids, manager.ones(new Shape(2, 5))), false).singletonOrThrow();
    assertArrayEquals(logits.toFloatArray(), viaBlock.toFloatArray(), 0f);
    assertArrayEquals(new Shape[] {new Shape(2, 5, 32)},
        gpt.getOutputShapes(new Shape[] {new Shape(2, 5), new Shape(2, 5)}));
  }

  @Test
  void sameSeedSameModelOtherSeedOtherModel() {
    NDArray ids = ids(new long[][] {{1, 2, 3}});
    NDArray mask = manager.ones(new Shape(1, 3));
    float[] a = Gpt.create(TINY, 5, manager).logits(store, ids, mask, false).toFloatArray();
    float[] b = Gpt.create(TINY, 5, manager).logits(store, ids, mask, false).toFloatArray();
    float[] c = Gpt.create(TINY, 6, manager).logits(store, ids, mask, false).toFloatArray();
    assertArrayEquals(a, b, 0f);
    assertFalse(java.util.Arrays.equals(a, c));
  }

  @Test
  void parameterNames() {
    Gpt gpt = Gpt.create(GptConfig.of(32, 16, 32, 1, 4), 1, manager);
    gpt.applyLora(2, 4f, Set.of("q", "mlp_out"), 3);
    assertEquals(List.of("tok_emb", "pos_emb",
        "01layer_01ln_1_gamma", "01layer_01ln_1_beta",
        "01layer_02attn_01q_weight", "01layer_02attn_01q_bias", "01layer_02attn_01q_lora_a",
            "01layer_02attn_01q_lora_b",
        "01layer_02attn_02k_weight", "01layer_02attn_02k_bias",
        "01layer_02attn_03v_weight", "01layer_02attn_03v_bias",
        "01layer_02attn_04o_weight", "01layer_02attn_04o_bias",
        "01layer_03ln_2_gamma", "01layer_03ln_2_beta",
        "01layer_04mlp_in_weight", "01layer_04mlp_in_bias",
        "01layer_05mlp_out_weight", "01layer_05mlp_out_bias", "01layer_05mlp_out_lora_a", "01layer_05mlp_out_lora_b",
        "02ln_f_gamma", "02ln_f_beta"), gpt.getParameters().keys());
    assertThrows(IllegalArgumentException.class, () -> Gpt.create(TINY, 1, manager).applyLora(2, 4f, Set.of("qq"), 0));
  }

  @Test
  void laterTokensDoNotChangeEarlierLogits() {
    Gpt gpt = Gpt.create(TINY, 2, manager);
    NDArray mask = manager.ones(new Shape(1, 6));
    NDArray a = gpt.logits(store, ids(new long[][] {{3, 1, 4, 1, 5, 9}}), mask, false);
    NDArray b = gpt.logits(store, ids(new long[][] {{3, 1, 4, 2, 6, 5}}), mask, false);
    assertArrayEquals(a.get(":, :3, :").toFloatArray(), b.get(":, :3, :").toFloatArray(), 1e-6f);
    assertFalse(java.util.Arrays.equals(a.get(":, 3, :").toFloatArray(), b.get(":, 3, :").toFloatArray()));
  }

  @Test
  void paddingDoesNotChangeRealPositions() {
    Gpt gpt = Gpt.create(TINY, 3, manager);
    float[] alone = gpt.logits(store, ids(new long[][] {{3, 1, 4, 1}}), manager.ones(new Shape(1, 4)), false)
        .toFloatArray();
    NDArray rightMask = manager.create(new long[] {1, 1, 1, 1, 0, 0}, new Shape(1, 6));
    NDArray right = gpt.logits(store, ids(new long[][] {{3, 1, 4, 1, 0, 7}}), rightMask, false);
    assertArrayEquals(alone, right.get(":, :4, :").toFloatArray(), 1e-5f);
    NDArray leftMask = manager.create(new long[] {0, 0, 1, 1, 1, 1}, new Shape(1, 6));
    NDArray left = gpt.logits(store, ids(new long[][] {{9, 0, 3, 1, 4, 1}}), leftMask, false);
    assertArrayEquals(alone, left.get(":, 2:, :").toFloatArray(), 1e-5f);
  }

  @Test
  void rejectsSequencesLongerThanTheContext() {
    Gpt gpt = Gpt.create(TINY, 1, manager);
    NDArray ids = manager.zeros(new Shape(1, 17)).toType(ai.djl.ndarray.types.DataType.INT64, false);
    assertThrows(IllegalArgumentException.class, () -> gpt.logits(store, ids, manager.ones(new Shape(1, 17)), false));
  }

  @Test
  void overfitsAFewSequences() {
    Gpt gpt = Gpt.create(GptConfig.of(16, 16, 32, 2, 4), 4, manager);
    NDArray ids = ids(new long[][] {
        {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12},
        {12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1},
        {1, 3, 5, 7, 9, 11, 13, 15, 2, 4, 6, 8},
        {2, 2, 3, 3, 5, 5, 7, 7, 11, 11, 13, 13}});
    NDArray mask = manager.ones(ids.getShape());
    Optimizer adam = Optimizer.adam().optLearningRateTracker(Tracker.fixed(1e-2f)).build();
    float first = TestTraining.step(gpt, gpt.getParameters().values(), store, adam, ids, mask);
    float last = first;
    for (int i = 0; i < 80; i++) {
      last = TestTraining.step(gpt, gpt.getParameters().values(), store, adam, ids, mask);
    }
    int arrays = manager.getManagedArrays().size();
    TestTraining.step(gpt, gpt.getParameters().values(), store, adam, ids, mask);
    assertEquals(arrays, manager.getManagedArrays().size(), "a training step leaks no arrays");
    assertTrue(first > 2.0f, "initial loss should be near ln 16, was " + first);
    assertTrue(last < 0.2f * first, "loss fell from " + first + " only to " + last);
  }
}
