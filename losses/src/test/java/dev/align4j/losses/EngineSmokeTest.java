package dev.align4j.losses;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.*;

class EngineSmokeTest {
  @Test
  void engineLoads() {
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray a = m.create(new double[] {1, 2, 3});
      assertEquals(6.0, a.sum().getDouble(), 1e-12);
      assertEquals("PyTorch", m.getEngine().getEngineName());
    }
  }
}
