package dev.align4j.diffusion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Batches run on several threads come back in order, each under no-grad, and a failure reaches the caller. */
class SamplingPoolTest {
  @AfterEach
  void clear() {
    System.clearProperty(SamplingPool.THREADS_PROPERTY);
  }

  @Test
  void batchesComeBackInOrderOnAnyNumberOfThreads() {
    Engine.getInstance(); // load libtorch, so grad mode can be read in the workers
    for (int threads : new int[] {1, 2, 3}) {
      System.setProperty(SamplingPool.THREADS_PROPERTY, Integer.toString(threads));
      Set<String> names = ConcurrentHashMap.newKeySet();
      List<Boolean> gradModes = new ArrayList<>();
      List<Integer> out = SamplingPool.inBatches(23, 4, (start, end) -> {
        names.add(Thread.currentThread().getName());
        synchronized (gradModes) {
          gradModes.add(JniUtils.isGradMode());
        }
        return IntStream.range(start, end).map(i -> i * i).boxed().toList();
      });
      assertEquals(IntStream.range(0, 23).map(i -> i * i).boxed().toList(), out, threads + " threads");
      assertEquals(6, gradModes.size());
      assertFalse(gradModes.contains(true), "a batch ran with autograd on: " + gradModes);
      if (threads > 1) assertTrue(names.stream().allMatch(n -> n.equals("align4j-sampling")), names.toString());
    }
  }

  @Test
  void aFailingBatchFailsTheCall() {
    System.setProperty(SamplingPool.THREADS_PROPERTY, "2");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SamplingPool.inBatches(8, 2,
        (start, end) -> {
          if (start == 4) throw new IllegalArgumentException("batch at 4");
          return List.of(start);
        }));
    assertEquals("batch at 4", e.getMessage());
  }
}
