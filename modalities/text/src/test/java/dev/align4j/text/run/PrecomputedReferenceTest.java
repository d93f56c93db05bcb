package dev.align4j.text.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.align4j.core.train.ReferenceTable;
import dev.align4j.core.util.UserError;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** reference.mode precomputed: the same training as a frozen copy, cached by fingerprint, stale caches refused. */
class PrecomputedReferenceTest {
  @TempDir Path tmp;

  private static long cachedTables() throws Exception {
    Path dir = RunFixtures.cacheRoot().resolve("reference");
    if (!Files.isDirectory(dir)) return 0;
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.toString().endsWith(".bin")).count();
    }
  }

  private static JsonNode lastMetrics(Path run) {
    List<JsonNode> lines = RunFixtures.lines(run.resolve("metrics.jsonl"));
    return lines.get(lines.size() - 1);
  }

  @Test
  void matchesAFrozenCopyAndIsReusedOnlyForTheSameInputs() throws Exception {
    // Start from no cached tables, so a rerun of the suite measures the same thing.
    Path tables = RunFixtures.cacheRoot().resolve("reference");
    if (Files.isDirectory(tables)) {
      try (Stream<Path> s = Files.list(tables)) {
        for (Path p : s.toList()) Files.delete(p);
      }
    }
    // One step: the first loss and rewards read the reference terms before any update can amplify the
    // float rounding between batch shapes (the table is computed in evaluation-sized batches).
    String[] common = {"trainer.max_steps=1", "trainer.eval_steps=0", "trainer.logging_steps=1", "data.max_rows=600"};
    RunFixtures.run("text-dpo", tmp.resolve("copy"), common);
    long before = cachedTables();
    RunFixtures.run("text-dpo", tmp.resolve("pre"), concat(common, "reference.mode=precomputed"));
    assertEquals(before + 1, cachedTables(), "a table for these inputs was computed and cached");
    for (String key : List.of("loss", "rewards/chosen", "rewards/rejected", "rewards/margins")) {
      assertEquals(lastMetrics(tmp.resolve("copy")).get(key).asDouble(),
          lastMetrics(tmp.resolve("pre")).get(key).asDouble(), 1e-5, key);
    }
    RunFixtures.run("text-dpo", tmp.resolve("again"), concat(common, "reference.mode=precomputed"));
    assertEquals(before + 1, cachedTables(), "the same inputs reuse the cached table");
    RunFixtures.run("text-dpo", tmp.resolve("other"), "trainer.max_steps=1", "trainer.eval_steps=0",
        "data.max_rows=300", "reference.mode=precomputed");
    assertEquals(before + 2, cachedTables(), "other data gets its own table, never the stale one");
  }

  @Test
  void aTableForOtherInputsIsRefused() {
    Path file = tmp.resolve("t.bin");
    ReferenceTable table = new ReferenceTable("a".repeat(64));
    table.put("k", 1f);
    table.save(file);
    UserError e = assertThrows(UserError.class, () -> ReferenceTable.load(file, "b".repeat(64)));
    assertTrue(e.getMessage().contains("computed for other data"), e.getMessage());
    UserError missing = assertThrows(UserError.class, () -> ReferenceTable.load(file, "a".repeat(64)).get("x", file));
    assertTrue(missing.getMessage().contains("stale"), missing.getMessage());
  }

  private static String[] concat(String[] a, String b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + 1);
    out[a.length] = b;
    return out;
  }
}
