package dev.align4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.align4j.core.config.ConfigLoader;
import dev.align4j.core.data.DataConfig;
import dev.align4j.core.data.DatasetReader;
import dev.align4j.core.data.LoadedData;
import dev.align4j.core.launch.Launcher;
import dev.align4j.core.launch.ModalityProvider;
import dev.align4j.core.terms.TermsJson;
import dev.align4j.rewards.judge.JudgeManifest;
import dev.align4j.rewards.train.RewardRunConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every file in {@code examples/} reads the way the CLI reads it, with no unknown key: run configs bind to
 * their modality's records (model and loss sections included), the data they name parses with no bad row,
 * loss-evaluation lines and judge manifests parse. Nothing trains.
 */
class ExamplesTest {
  private static final Path EXAMPLES = examplesDir();

  static Stream<Path> configs() throws IOException {
    try (Stream<Path> s = Files.list(EXAMPLES)) {
      return s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList().stream();
    }
  }

  static Stream<Path> lossInputs() throws IOException {
    try (Stream<Path> s = Files.list(EXAMPLES.resolve("losses"))) {
      return s.sorted().toList().stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("configs")
  void configBinds(Path file) {
    bind(file);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("lossInputs")
  void lossInputParses(Path file) {
    assertTrue(file.toString().endsWith(".jsonl"), file + ": examples/losses holds JSON lines only");
    assertFalse(TermsJson.readFile(file).isEmpty(), file.toString());
  }

  @Test
  void judgeManifestsParse() throws IOException {
    try (Stream<Path> s = Files.walk(EXAMPLES.resolve("judges"))) {
      List<Path> files = s.filter(Files::isRegularFile).toList();
      assertFalse(files.isEmpty());
      Set<Path> templates = new HashSet<>();
      for (Path f : files) {
        if (f.getFileName().toString().endsWith(".txt")) continue; // prompt templates, read by their judge.json
        assertEquals(JudgeManifest.FILE, f.getFileName().toString(), f + ": not a judge manifest");
        JudgeManifest.read(f);
        JudgeManifest raw = new ObjectMapper().readValue(f.toFile(), JudgeManifest.class); // template_files kept
        raw.templateFiles().values().forEach(t -> templates.add(f.resolveSibling(t).normalize()));
      }
      for (Path f : files) {
        if (f.getFileName().toString().endsWith(".txt")) assertTrue(templates.contains(f.normalize()), f + ": unused");
      }
    }
  }

  /** Every data file is read by some config, so every one of them is checked; no file kind goes unread. */
  @Test
  void everyFileIsChecked() throws IOException {
    Set<Path> dataRead = new HashSet<>();
    configs().forEach(c -> dataRead.addAll(bind(c)));
    try (Stream<Path> s = Files.walk(EXAMPLES)) {
      for (Path f : s.filter(Files::isRegularFile).toList()) {
        Path rel = EXAMPLES.relativize(f);
        String top = rel.getNameCount() > 1 ? rel.getName(0).toString() : "";
        boolean checked = switch (top) {
          case "" -> f.toString().endsWith(".yaml");
          case "losses", "judges" -> true;
          case "data" -> dataRead.contains(f.toAbsolutePath().normalize());
          default -> false;
        };
        assertTrue(checked, rel + ": no check reads this example file (add it to ExamplesTest or to a config)");
      }
    }
  }

  /** Binds one config as the CLI does and reads the data it names; returns the data files read. */
  private static Set<Path> bind(Path file) {
    ObjectNode root = ConfigLoader.read(file);
    String source = file.toString();
    String task = root.path("task").asText("");
    String name = root.has("modality") ? root.get("modality").asText() : task;
    if (task.equals("clip") || task.equals("pick")) {
      ConfigLoader.bind(root, RewardRunConfig.class, source, "");
      return Set.of();
    }
    ModalityProvider provider = Launcher.provider(name)
        .orElseThrow(() -> new AssertionError(file + ": no provider for modality or task '" + name + "'"));
    Launcher.Checked checked = Launcher.check(provider, root, source, file.toAbsolutePath().getParent());
    assertNotNull(checked.sections(), file + ": the provider binds its own sections");
    if (name.equals("video")) {
      // video clips are not shipped: a video example's data: (its keys checked by the bind above) names what
      // `align4j pairs video` writes first, as PairsVideoCommandTest does
      return Set.of();
    }
    return readData(checked.shared().data(), file);
  }

  private static Set<Path> readData(DataConfig data, Path config) {
    if (data == null) return Set.of();
    Path base = config.toAbsolutePath().getParent();
    LoadedData loaded = DatasetReader.read(data, base);
    assertFalse(loaded.train().isEmpty(), config + ": data.train has no examples");
    assertEquals(0, loaded.rowsSkipped(), config + ": bad rows in its data");
    Set<Path> read = new HashSet<>();
    for (String f : new String[] {data.train(), data.eval()}) {
      if (f != null) read.add(base.resolve(f).normalize());
    }
    return read;
  }

  /** examples/ of the repository, found upwards from the working directory (cli/ under Maven). */
  private static Path examplesDir() {
    for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
      Path candidate = d.resolve("examples");
      if (Files.isDirectory(candidate.resolve("losses"))) return candidate;
    }
    throw new AssertionError("examples/ not found above " + Path.of("").toAbsolutePath());
  }
}
