package dev.align4j.core.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LoraLinearTest {

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

  private LoraLinear layer(long seed) {
    LoraLinear layer = new LoraLinear(6, 4, true);
    layer.setInitializer(SeededInitializer.normal(0.5, seed), "weight");
    layer.setInitializer(SeededInitializer.normal(0.5, seed + 1), "bias");
    layer.initialize(manager, DataType.FLOAT32, new Shape(2, 3, 6));
    return layer;
  }

  private NDArray input() {
    return manager.create(new float[] {
        0.1f, -0.2f, 0.3f, 0.4f, -0.5f, 0.6f, 1, 2, 3, 4, 5, 6, -1, 0, 1, 0, -1, 0,
        0.5f, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f, 2, -2, 2, -2, 2, -2, 0, 0, 0, 0, 0, 1}, new Shape(2, 3, 6));
  }

  @Test
  void computesXWtPlusB() {
    LoraLinear layer = layer(1);
    NDArray x = input();
    NDArray w = layer.getParameters().get("weight").getArray();
    NDArray b = layer.getParameters().get("bias").getArray();
    NDArray expected = x.matMul(w.transpose()).add(b);
    NDArray y = layer.forward(store, x, false);
    assertEquals(new Shape(2, 3, 4), y.getShape());
    assertArrayEquals(expected.toFloatArray(), y.toFloatArray(), 1e-6f);
    assertArrayEquals(new Shape[] {new Shape(2, 3, 4)}, layer.getOutputShapes(new Shape[] {new Shape(2, 3, 6)}));
  }

  @Test
  void sameSeedSameWeights() {
    assertArrayEquals(layer(7).getParameters().get("weight").getArray().toFloatArray(),
        layer(7).getParameters().get("weight").getArray().toFloatArray());
  }

  @Test
  void freshAdaptersAreTheIdentityAndNamedLora() {
    LoraLinear layer = layer(1);
    NDArray x = input();
    float[] before = layer.forward(store, x, false).toFloatArray();
    layer.enableLora(2, 4f, 11);
    assertTrue(layer.hasLora());
    assertEquals(List.of("weight", "bias", "lora_a", "lora_b"), layer.getParameters().keys());
    assertEquals(new Shape(2, 6), layer.getParameters().get("lora_a").getShape());
    assertEquals(new Shape(4, 2), layer.getParameters().get("lora_b").getShape());
    assertArrayEquals(before, layer.forward(store, x, false).toFloatArray(), 0f);
    assertThrows(IllegalStateException.class, () -> layer.enableLora(2, 4f, 11));
  }

  @Test
  void adapterAddsScaledLowRankUpdateAndCanBeDisabled() {
    LoraLinear layer = layer(1);
    NDArray x = input();
    float[] base = layer.forward(store, x, false).toFloatArray();
    layer.enableLora(2, 4f, 11);
    NDArray a = layer.getParameters().get("lora_a").getArray();
    NDArray b = layer.getParameters().get("lora_b").getArray();
    b.addi(0.25f); // as if trained
    NDArray expected = manager.create(base, new Shape(2, 3, 4))
        .add(x.matMul(a.transpose()).matMul(b.transpose()).mul(4f / 2));
    assertArrayEquals(expected.toFloatArray(), layer.forward(store, x, false).toFloatArray(), 1e-5f);
    layer.setAdaptersEnabled(false);
    assertFalse(layer.adaptersEnabled());
    assertArrayEquals(base, layer.forward(store, x, false).toFloatArray(), 0f);
  }

  @Test
  void saveLoadRoundTripAndRankCheck() throws Exception {
    LoraLinear layer = layer(3);
    layer.enableLora(2, 8f, 5);
    layer.getParameters().get("lora_b").getArray().addi(0.1f);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    layer.saveParameters(new DataOutputStream(bytes));

    LoraLinear copy = new LoraLinear(6, 4, true);
    copy.enableLora(2, 8f, 0);
    copy.loadParameters(manager, new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
    NDArray x = input();
    assertArrayEquals(layer.forward(store, x, false).toFloatArray(), copy.forward(store, x, false).toFloatArray(), 0f);

    LoraLinear plain = new LoraLinear(6, 4, true);
    assertThrows(MalformedModelException.class,
        () -> plain.loadParameters(manager, new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()))));
  }
}
