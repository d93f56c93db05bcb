package dev.align4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code align4j bench dpo-step}, kept tiny: the shipped shapes UNet, 2 pairs, one warm-up and one timed step. */
class BenchDpoStepCommandTest {
  @TempDir Path dir;

  @Test
  void exportsAndTimes() throws Exception {
    Path d = Path.of("").toAbsolutePath();
    while (d != null && !Files.isDirectory(d.resolve("models").resolve("shapes-unet"))) d = d.getParent();
    Path model = d.resolve("models").resolve("shapes-unet");
    Path json = dir.resolve("t.json");
    Align4jTest.Run r = Align4jTest.run("bench", "dpo-step", "--model", model.toString(), "--batch-size", "2",
        "--steps", "1", "--warmup", "1", "--threads", "1", "--export", dir.resolve("export").toString(), "--json",
            json.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("ms/step"), r.out());
    assertTrue(Files.size(dir.resolve("export").resolve("tensors.bin")) > 2_900_000, "the UNet's weights at least");
    JsonNode t = new ObjectMapper().readTree(json.toFile());
    assertEquals(2, t.get("batch_size").asInt());
    assertEquals(1, t.get("step_ms").size());
    assertTrue(t.get("median_ms").asDouble() > 0);
    assertTrue(t.get("engine").asText().startsWith("DJL "), t.toString());
    assertEquals("1", t.get("threads").asText());

    Align4jTest.Run bad = Align4jTest.run("bench", "dpo-step", "--model", model.toString(), "--steps", "0");
    assertEquals(2, bad.code(), bad.out() + bad.err());
  }
}
