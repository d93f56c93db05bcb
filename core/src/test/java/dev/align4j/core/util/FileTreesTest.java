package dev.align4j.core.util;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileTreesTest {
  @TempDir Path tmp;

  @Test
  void deletesAFolderAndEverythingBelowIt() throws IOException {
    Path root = Files.createDirectories(tmp.resolve("run/checkpoints/step-1"));
    Files.writeString(root.resolve("state.json"), "{}");
    Files.writeString(tmp.resolve("run/metrics.jsonl"), "");
    FileTrees.deleteTree(tmp.resolve("run"));
    assertFalse(Files.exists(tmp.resolve("run")));
    assertTrue(Files.isDirectory(tmp), "only the tree itself goes");
  }

  @Test
  void aMissingPathOrALoneFileIsFine() throws IOException {
    FileTrees.deleteTree(tmp.resolve("absent"));
    FileTrees.deleteQuietly(tmp.resolve("absent"));
    Path file = Files.writeString(tmp.resolve("f.txt"), "x");
    FileTrees.deleteQuietly(file);
    assertFalse(Files.exists(file));
  }
}
