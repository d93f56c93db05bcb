package dev.align4j.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import dev.align4j.core.config.ConfigLoader;
import dev.align4j.core.config.TrainerConfig;
import dev.align4j.core.util.ProcessMemory;
import dev.align4j.losses.LossRegistry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every step's arrays are scoped: over 300 steps no array is left behind and resident memory stays flat. */
class MemoryTest {
  @TempDir Path tmp;

  @Test
  void threeHundredStepsLeaveNothingBehind() throws Exception {
    TrainerConfig cfg = ConfigLoader.bind(ConfigLoader.YAML.readTree(
        "learning_rate: 0.01\nmax_steps: 300\nsave_steps: 100\nlogging_steps: 10\neval_steps: 100\n"
            + "per_device_train_batch_size: 16\ngradient_accumulation_steps: 2\n"), TrainerConfig.class, "test",
            "trainer");
    Map<Integer, Integer> arrays = new HashMap<>();
    Map<Integer, Long> rss = new HashMap<>();
    try (NDManager m = NDManager.newBaseManager();
        LinearScorer policy = new LinearScorer(m, new float[ToyModality.FEATURES], true);
        Reference<LinearScorer> ref = Reference.frozenCopy(policy)) {
      TrainingListener probe = new TrainingListener() {
        @Override
        public void onStepEnd(TrainingContext c, Map<String, Double> metrics) {
          if (c.step() % 50 == 0) {
            arrays.put(c.step(), m.getManagedArrays().size());
            rss.put(c.step(), residentBytes());
          }
        }
      };
      Trainer.preference(cfg, new ToyModality(), LossRegistry.create("sigmoid", Map.of()), policy).reference(ref)
          .data(ToyModality.examples(200, 3), ToyModality.examples(40, 4)).runDir(tmp).configYaml("x: 1\n")
          .optimizerManager(m).listener(probe).build()
          .train(null, new Progress(new PrintStream(new ByteArrayOutputStream()), false, 0, 300));
    }
    assertEquals(arrays.get(50), arrays.get(300), "arrays alive after step 50 vs 300: " + arrays);
    long growth = rss.get(300) - rss.get(50);
    assertTrue(growth < 64L << 20, "resident memory grew by " + (growth >> 20) + " MiB between steps 50 and 300");
  }

  private static long residentBytes() {
    // not Linux: fall back to the JVM's view
    return ProcessMemory.residentBytes()
        .orElse(Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory());
  }
}
