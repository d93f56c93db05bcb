package dev.align4j.core.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;

class InPlaceTest {
  @Test
  void copiesIntoAParameterThatKeepsTrainingAndOwnsItsValues() {
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray w = m.create(new float[] {1, 2, 3, 4}, new Shape(2, 2));
      w.setRequiresGradient(true);
      float[] values = {5, 6, 7, 8};
      InPlace.copy(values, w);
      values[0] = -1; // the array holds a copy, not the caller's numbers
      assertArrayEquals(new float[] {5, 6, 7, 8}, w.toFloatArray());
      assertTrue(w.hasGradient());
      try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        gc.backward(w.mul(w).sum());
      }
      assertArrayEquals(new float[] {10, 12, 14, 16}, w.getGradient().toFloatArray());
      // Another type converts; the target stays the same object.
      NDArray same = w;
      try (NDManager tmp = m.newSubManager()) {
        InPlace.copy(tmp.create(new double[] {1, 1, 1, 1}, new Shape(2, 2)), w);
      }
      assertSame(same, w);
      assertArrayEquals(new float[] {1, 1, 1, 1}, w.toFloatArray());
      assertNotEquals(DataType.FLOAT64, w.getDataType());
    }
  }
}
