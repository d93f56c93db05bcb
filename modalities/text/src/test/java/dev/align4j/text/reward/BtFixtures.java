package dev.align4j.text.reward;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.align4j.core.config.ConfigLoader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Runs the shipped reward example from tests, with the embedded cache under target/ (hermetic). */
final class BtFixtures {
  static {
    if (System.getenv("ALIGN4J_CACHE") == null && System.getProperty("align4j.cache") == null) {
      System.setProperty("align4j.cache", Path.of("target", "align4j-cache").toAbsolutePath().toString());
    }
  }

  private BtFixtures() {}

  /** The repository's examples/ directory, found upwards from the working directory. */
  static Path examples() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.isDirectory(dir.resolve("examples"))) dir = dir.getParent();
    if (dir == null) throw new IllegalStateException("no examples/ above " + Path.of("").toAbsolutePath());
    return dir.resolve("examples");
  }

  /** What a run printed and returned. */
  record Run(Path exported, String log) {}

  /** Runs {@code examples/<name>.yaml} with overrides into {@code output}, from {@code resume} when not null. */
  static Run run(String name, Path output, Path resume, String... overrides) {
    Path config = examples().resolve(name + ".yaml");
    ObjectNode root = ConfigLoader.read(config);
    ConfigLoader.override(root, java.util.Arrays.stream(overrides).filter(s -> !s.isBlank()).toList());
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    Path exported = BtRewardRun.run(root, config.toString(), config.getParent(), output, resume, out);
    return new Run(exported, bytes.toString(StandardCharsets.UTF_8));
  }
}
