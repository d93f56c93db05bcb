package dev.align4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code align4j rewards ...} and the shipped shapes reward models behind {@code align4j bench}. */
class RewardsCommandTest {
  @TempDir Path dir;

  private static String models() {
    Path d = Path.of("").toAbsolutePath();
    while (d != null && !Files.isDirectory(d.resolve("models"))) d = d.getParent();
    return d.resolve("models").toString();
  }

  @Test
  void badConfigsAreOneLine() throws Exception {
    Path cfg = dir.resolve("bad.yaml");
    Files.writeString(cfg, "task: clipp\n");
    Align4jTest.Run r = Align4jTest.run("rewards", "train", "--config", cfg.toString());
    assertEquals(2, r.code(), r.err());
    assertEquals(1, r.errLines().size(), r.err());
    assertTrue(r.err().contains("unknown task 'clipp'; did you mean 'clip'?"), r.err());

    Files.writeString(cfg, "task: clip\nmodel: {chanels: [8]}\n");
    r = Align4jTest.run("rewards", "train", "--config", cfg.toString(), "--output", dir.resolve("run").toString());
    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().contains("unknown config key 'model.chanels'; did you mean 'channels'?"), r.err());
    assertTrue(!Files.exists(dir.resolve("run").resolve("export")));

    r = Align4jTest.run("rewards", "train", "--config", dir.resolve("missing.yaml").toString());
    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().contains("no such config file"), r.err());
  }

  @Test
  void btTextNeedsTheTextRewardRun() throws Exception {
    boolean present;
    try {
      Class.forName("dev.align4j.text.reward.BtRewardRun");
      present = true;
    } catch (ClassNotFoundException e) {
      present = false;
    }
    Assumptions.assumeFalse(present, "BtRewardRun is in this build");
    Path cfg = dir.resolve("bt.yaml");
    Files.writeString(cfg, "task: bt_text\n");
    Align4jTest.Run r = Align4jTest.run("rewards", "train", "--config", cfg.toString());
    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().contains("bt_text: not available in this build"), r.err());
  }

  /** `bench reward-accuracy` on `data shapes` parquet reproduces the shipped models' held-out accuracy. */
  @Test
  void shippedShapesModelsOnDataShapesParquet() throws Exception {
    Align4jTest.Run w = Align4jTest.run("data", "shapes", "--out", dir.toString(), "--pairs", "400");
    assertEquals(0, w.code(), w.err());
    for (String reward : new String[] {"shapes-clip", "shapes-pick"}) {
      Align4jTest.Run b = Align4jTest.run("bench", "reward-accuracy", "--reward", reward, "--models-dir", models(),
          "--data", dir.resolve("test_unique.parquet").toString(), "--validation",
          dir.resolve("validation_unique.parquet").toString());
      assertEquals(0, b.code(), b.err());
      JsonNode result = new ObjectMapper()
          .readTree(dir.resolve("test_unique.parquet." + reward + ".accuracy.json").toFile());
      System.out.println(result);
      assertEquals(100, result.get("rows").asInt());
      assertTrue(result.get("accuracy_untied").asDouble() >= 0.95, result.toString());
    }
  }
}
