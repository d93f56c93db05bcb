package dev.align4j.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.align4j.core.nn.KvCache;
import dev.align4j.text.gpt.Gpt;
import dev.align4j.text.gpt.GptConfig;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GeneratorTest {

  private static final List<int[]> PROMPTS = List.of(new int[] {5, 9, 2}, new int[] {7}, new int[] {1, 2, 3, 4, 5, 6});

  private NDManager manager;
  private ParameterStore store;
  private Gpt gpt;
  private Generator generator;

  @BeforeEach
  void setUp() {
    manager = NDManager.newBaseManager();
    store = new ParameterStore(manager, false);
    // Untied output head: a random tied model's greedy path just repeats its last token, which would make
    // the cache-vs-recompute comparison weak. This one wanders.
    gpt = Gpt.create(new GptConfig(48, 24, 32, 2, 4, 4, 0f, false), 21, manager);
    generator = new Generator(gpt, store);
  }

  @AfterEach
  void tearDown() {
    manager.close();
  }

  @Test
  void cachedGreedyEqualsFullRecomputeGreedy() {
    GenerationConfig greedy = GenerationConfig.greedy(12);
    List<int[]> cached = generator.generate(manager, PROMPTS, greedy);
    List<int[]> recomputed = generator.generate(manager, PROMPTS, greedy.withCache(false));
    for (int b = 0; b < PROMPTS.size(); b++) {
      assertEquals(12, cached.get(b).length);
      assertTrue(java.util.Arrays.stream(cached.get(b)).distinct().count() > 4, "a non-degenerate path");
      assertArrayEquals(recomputed.get(b), cached.get(b), "row " + b);
    }
  }

  @Test
  void cachedLogitsMatchFullForward() {
    long[] tokens = {3, 1, 4, 1, 5, 9, 2, 6};
    NDArray ids = manager.create(tokens, new Shape(1, 8));
    NDArray full = gpt.logits(store, ids, manager.ones(new Shape(1, 8)), false);
    try (KvCache cache = gpt.newCache(manager)) {
      NDArray prefill = gpt.logits(store, ids.get(":, :5"), manager.ones(new Shape(1, 5)), cache);
      assertArrayEquals(full.get(":, :5, :").toFloatArray(), prefill.toFloatArray(), 1e-5f);
      for (int t = 5; t < 8; t++) {
        NDArray step = gpt.logits(store, ids.get(":, {}:{}", t, t + 1), manager.ones(new Shape(1, t + 1)), cache);
        assertArrayEquals(full.get(":, {}:{}, :", t, t + 1).toFloatArray(), step.toFloatArray(), 1e-5f);
      }
    }
  }

  @Test
  void samplingIsReproducibleWithASeed() {
    GenerationConfig sampling = GenerationConfig.sampling(10, 1.5f, 0, 1f, 42);
    List<int[]> a = generator.generate(manager, PROMPTS, sampling);
    List<int[]> b = generator.generate(manager, PROMPTS, sampling);
    List<int[]> noCache = generator.generate(manager, PROMPTS, sampling.withCache(false));
    List<int[]> other = generator.generate(manager, PROMPTS, sampling.withSeed(43));
    boolean differs = false;
    for (int i = 0; i < PROMPTS.size(); i++) {
      assertArrayEquals(a.get(i), b.get(i));
      assertArrayEquals(a.get(i), noCache.get(i));
      differs |= !java.util.Arrays.equals(a.get(i), other.get(i));
    }
    assertTrue(differs, "another seed should give other samples");
    List<int[]> greedy = generator.generate(manager, PROMPTS, GenerationConfig.greedy(10));
    List<int[]> topOne = generator.generate(manager, PROMPTS, GenerationConfig.sampling(10, 1f, 1, 1f, 7));
    List<int[]> tinyNucleus = generator.generate(manager, PROMPTS, GenerationConfig.sampling(10, 1f, 0, 1e-6f, 7));
    for (int i = 0; i < PROMPTS.size(); i++) {
      assertArrayEquals(greedy.get(i), topOne.get(i), "top_k=1 is greedy");
      assertArrayEquals(greedy.get(i), tinyNucleus.get(i), "a tiny top_p is greedy");
    }
  }

  @Test
  void stopsAfterEos() {
    List<int[]> free = generator.generate(manager, PROMPTS, GenerationConfig.greedy(8));
    int eos = free.get(0)[2];
    List<int[]> stopped = generator.generate(manager, PROMPTS, GenerationConfig.greedy(8).withEos(eos));
    int[] row0 = stopped.get(0);
    assertEquals(eos, row0[row0.length - 1]);
    assertTrue(row0.length <= 3);
    for (int b = 0; b < PROMPTS.size(); b++) {
      int[] row = stopped.get(b);
      for (int i = 0; i < row.length - 1; i++) {
        assertFalse(row[i] == eos, "nothing generated after eos");
      }
      assertArrayEquals(java.util.Arrays.copyOf(free.get(b), row.length), row, "eos only truncates");
    }
    List<int[]> recomputed = generator.generate(manager, PROMPTS,
        GenerationConfig.greedy(8).withEos(eos).withCache(false));
    for (int b = 0; b < PROMPTS.size(); b++) {
      assertArrayEquals(stopped.get(b), recomputed.get(b));
    }
  }

  @Test
  void leavesNoArraysBehind() {
    int before = manager.getManagedArrays().size();
    generator.generate(manager, PROMPTS, GenerationConfig.sampling(6, 1f, 5, 0.9f, 1));
    generator.generate(manager, PROMPTS, GenerationConfig.greedy(6).withCache(false));
    assertEquals(before, manager.getManagedArrays().size());
  }

  @Test
  void rejectsTooLongRequests() {
    assertThrows(IllegalArgumentException.class,
        () -> generator.generate(manager, PROMPTS, GenerationConfig.greedy(19)));
    assertThrows(IllegalArgumentException.class,
        () -> generator.generate(manager, List.of(new int[0]), GenerationConfig.greedy(1)));
    assertEquals(0, generator.generate(manager, PROMPTS, GenerationConfig.greedy(0)).get(0).length);
  }
}
