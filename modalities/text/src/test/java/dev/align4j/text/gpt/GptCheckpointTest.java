package dev.align4j.text.gpt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import dev.align4j.core.util.UserError;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GptCheckpointTest {

  @TempDir Path tmp;
  private NDManager manager;
  private ParameterStore store;
  private NDArray ids;
  private NDArray mask;

  @BeforeEach
  void setUp() {
    manager = NDManager.newBaseManager();
    store = new ParameterStore(manager, false);
    ids = manager.create(new long[] {1, 5, 9, 2, 6, 10, 3, 7, 4, 8, 12, 16}, new Shape(2, 6));
    mask = manager.ones(new Shape(2, 6));
  }

  @AfterEach
  void tearDown() {
    manager.close();
  }

  @Test
  void roundTripGivesIdenticalLogitsWithAdapters() throws Exception {
    GptConfig untied = new GptConfig(32, 16, 32, 2, 4, 2, 0f, false);
    Gpt gpt = Gpt.create(untied, 9, manager);
    gpt.applyLora(2, 4f, Set.of("k", "o", "mlp_out"), 3);
    Optimizer adam = Optimizer.adam().optLearningRateTracker(Tracker.fixed(1e-2f)).build();
    for (int i = 0; i < 3; i++) { // so lora_b is not zero
      TestTraining.step(gpt, gpt.getParameters().values(), store, adam, ids, mask);
    }
    Path dir = tmp.resolve("ckpt");
    GptCheckpoint.save(gpt, dir);
    GptCheckpoint.save(gpt, dir); // replacing an existing checkpoint works too
    assertTrue(Files.exists(dir.resolve(GptCheckpoint.CONFIG_FILE)));
    try (var listing = Files.list(tmp)) {
      assertEquals(1, listing.count(), "no temporary directories left behind");
    }

    try (NDManager other = NDManager.newBaseManager()) {
      Gpt loaded = GptCheckpoint.load(dir, other);
      assertEquals(untied, loaded.config());
      assertEquals(gpt.lora(), loaded.lora());
      assertEquals(gpt.getParameters().keys(), loaded.getParameters().keys());
      ParameterStore otherStore = new ParameterStore(other, false);
      assertArrayEquals(gpt.logits(store, ids, mask, false).toFloatArray(),
          loaded.logits(otherStore, ids, mask, false).toFloatArray(), 0f);
      // Loaded parameters are trainable again.
      assertTrue(loaded.getParameters().values().get(0).getArray().hasGradient());
      loaded.setAdaptersEnabled(false);
      gpt.setAdaptersEnabled(false);
      assertArrayEquals(gpt.logits(store, ids, mask, false).toFloatArray(),
          loaded.logits(otherStore, ids, mask, false).toFloatArray(), 0f);
    }
  }

  @Test
  void configJsonIsSnakeCase() throws Exception {
    Path dir = tmp.resolve("plain");
    GptCheckpoint.save(Gpt.create(GptTest.TINY, 1, manager), dir);
    String json = Files.readString(dir.resolve(GptCheckpoint.CONFIG_FILE), StandardCharsets.UTF_8);
    assertTrue(json.contains("\"vocab_size\" : 32") && json.contains("\"tie_embeddings\" : true")
        && json.contains("\"lora\" : null"), json);
  }

  @Test
  void mismatchedOrMissingFilesAreUserErrors() throws Exception {
    Path dir = tmp.resolve("ckpt");
    Gpt gpt = Gpt.create(GptTest.TINY, 1, manager);
    gpt.applyLora(2, 4f, Set.of("q"), 0);
    GptCheckpoint.save(gpt, dir);
    Path config = dir.resolve(GptCheckpoint.CONFIG_FILE);
    String json = Files.readString(config, StandardCharsets.UTF_8);
    Files.writeString(config, json.replaceAll("\"rank\" : 2", "\"rank\" : 3"));
    UserError wrongRank = assertThrows(UserError.class, () -> GptCheckpoint.load(dir, manager));
    assertTrue(wrongRank.getMessage().contains("model.params"), wrongRank.getMessage());
    Files.writeString(config, json.replace("\"d_model\" : 32", "\"d_model\" : 30"));
    assertThrows(UserError.class, () -> GptCheckpoint.load(dir, manager));
    assertThrows(UserError.class, () -> GptCheckpoint.load(tmp.resolve("missing"), manager));
  }
}
