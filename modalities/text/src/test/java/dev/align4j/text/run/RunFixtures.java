package dev.align4j.text.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.align4j.core.config.ConfigLoader;
import dev.align4j.core.launch.Launcher;
import dev.align4j.core.train.Trainer;
import dev.align4j.text.TextProvider;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs the shipped example configs from tests, with the embedded cache under target/. */
final class RunFixtures {
  private static final ObjectMapper JSON = new ObjectMapper();

  static {
    if (System.getenv("ALIGN4J_CACHE") == null && System.getProperty("align4j.cache") == null) {
      System.setProperty("align4j.cache", Path.of("target", "align4j-cache").toAbsolutePath().toString());
    }
  }

  private RunFixtures() {}

  /** The embedded cache the runs use (target/align4j-cache unless ALIGN4J_CACHE says otherwise). */
  static Path cacheRoot() {
    return dev.align4j.core.util.EmbeddedCache.root();
  }

  /** The repository's examples/ directory, found upwards from the working directory. */
  static Path examples() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.isDirectory(dir.resolve("examples"))) dir = dir.getParent();
    if (dir == null) throw new IllegalStateException("no examples/ above " + Path.of("").toAbsolutePath());
    return dir.resolve("examples");
  }

  /** Runs {@code examples/<name>.yaml} with overrides into {@code output}. */
  static Trainer.Result run(String name, Path output, String... overrides) {
    Path config = examples().resolve(name + ".yaml");
    ObjectNode root = ConfigLoader.read(config);
    ConfigLoader.override(root, List.of(overrides));
    PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
    PrintStream saved = System.out;
    System.setOut(quiet);  // the progress lines
    try {
      return Launcher.launch(new TextProvider(), new Launcher.Request(root, config.toString(), config.getParent(),
          output, null, quiet)).training();
    } finally {
      System.setOut(saved);
    }
  }

  /** The lines of a JSONL log. */
  static List<JsonNode> lines(Path file) {
    try {
      List<JsonNode> out = new ArrayList<>();
      for (String line : Files.readAllLines(file)) if (!line.isBlank()) out.add(JSON.readTree(line));
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
