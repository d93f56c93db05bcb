package dev.align4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.align4j.benchmarks.throughput.EncodedImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code align4j bench win-rate} on two directories of shapes-world images. */
class BenchWinRateCommandTest {
  @TempDir Path dir;

  private static String models() {
    Path d = Path.of("").toAbsolutePath();
    while (d != null && !Files.isDirectory(d.resolve("models"))) d = d.getParent();
    return d.resolve("models").toString();
  }

  @Test
  void judgesPairsAndWritesIntervals() throws Exception {
    List<EncodedImages.Item> a = EncodedImages.shapes(8, 32, 1);
    List<EncodedImages.Item> b = EncodedImages.shapes(8, 32, 2).stream()
        .map(i -> new EncodedImages.Item(i.name(), "ignored", i.bytes())).toList();
    EncodedImages.save(a, dir.resolve("a"));
    EncodedImages.save(b, dir.resolve("b"));
    Path json = dir.resolve("w.json");
    Align4jTest.Run r = Align4jTest.run("bench", "win-rate", "--a", dir.resolve("a").toString(), "--b",
        dir.resolve("b").toString(), "--reward", "hpsv2,pickscore", "--resamples", "200", "--batch-size", "3",
        "--models-dir", models(), "--json", json.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("| hpsv2 | 8 | "), r.out());
    JsonNode j = new ObjectMapper().readTree(json.toFile()).get("judges");
    assertEquals(2, j.size());
    for (JsonNode judge : j) {
      double w = judge.get("win_rate").get("estimate").asDouble();
      assertTrue(judge.get("win_rate").get("lower").asDouble() <= w
          && w <= judge.get("win_rate").get("upper").asDouble());
    }
    Align4jTest.Run same = Align4jTest.run("bench", "win-rate", "--a", dir.resolve("a").toString(), "--b",
        dir.resolve("a").toString(), "--reward", "hpsv2", "--models-dir", models());
    assertTrue(same.out().contains("| hpsv2 | 8 | 0.500 [0.500, 0.500] |"), same.out());
  }

  @Test
  void differentFileNamesAreOneLine() throws Exception {
    EncodedImages.save(EncodedImages.shapes(3, 32, 1), dir.resolve("a"));
    EncodedImages.save(EncodedImages.shapes(2, 32, 1), dir.resolve("b"));
    Align4jTest.Run r = Align4jTest.run("bench", "win-rate", "--a", dir.resolve("a").toString(), "--b",
        dir.resolve("b").toString(), "--models-dir", models());
    assertEquals(2, r.code());
    assertTrue(r.err().contains("00002.jpg is in"), r.err());
  }

  @Test
  void generatesWithTwoModelsOnTheSameSeeds() throws Exception {
    Path prompts = dir.resolve("prompts.txt");
    Files.writeString(prompts, "a large blue circle\na small red square\n");
    // the same model on both sides draws the same images: every pair ties
    Align4jTest.Run r = Align4jTest.run("bench", "win-rate", "--policy", "embedded:shapes", "--baseline",
        "embedded:shapes", "--prompts", prompts.toString(), "--seeds", "2", "--reward", "shapes-pick",
        "--models-dir", models());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("| shapes-pick | 4 | 0.500 [0.500, 0.500] |"), r.out());
    Align4jTest.Run half = Align4jTest.run("bench", "win-rate", "--policy", "embedded:shapes", "--models-dir",
        models());
    assertEquals(2, half.code());
    assertTrue(half.err().contains("go together"), half.err());
  }
}
