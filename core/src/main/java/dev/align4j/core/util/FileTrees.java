package dev.align4j.core.util;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Deletes folder trees: the one owner of the delete-everything-below walk that atomic writers need. */
public final class FileTrees {
  private FileTrees() {}

  /** Deletes {@code path} and everything below it; a missing path is not an error. */
  public static void deleteTree(Path path) throws IOException {
    if (!Files.exists(path)) return;
    try (Stream<Path> walk = Files.walk(path)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  /** Best-effort {@link #deleteTree}: for leftover temporary folders, which are harmless if they stay. */
  public static void deleteQuietly(Path path) {
    try {
      deleteTree(path);
    } catch (IOException ignored) {
      // best effort: a leftover temporary folder is never mistaken for a result
    }
  }
}
