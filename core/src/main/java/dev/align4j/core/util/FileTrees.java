package dev.align4j.core.util;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Deletes and replaces folder trees: the one owner of the delete-everything-below walk and of the
 * write-beside-then-rename swap that atomic folder writers need.
 */
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

  /**
   * Puts the finished folder {@code done} (a sibling of {@code target}) in place of {@code target}: an existing
   * {@code target} is first renamed aside and deleted only once {@code done} has taken its name, so a reader sees
   * the old folder or the new one, never half of either.
   */
  public static void replace(Path done, Path target) throws IOException {
    Path old = null;
    if (Files.exists(target)) {
      old = Files.createTempDirectory(target.getParent(), "." + target.getFileName() + ".old-");
      Files.delete(old);
      move(target, old);
    }
    move(done, target);
    if (old != null) deleteQuietly(old);
  }

  /** Fills a folder: receives the (empty, temporary) folder to write into. */
  @FunctionalInterface
  public interface FolderWriter {
    void writeInto(Path folder) throws IOException;
  }

  /**
   * Writes a whole folder at {@code target}: {@code writer} fills a temporary sibling, which then {@link #replace}s
   * {@code target}; if writing fails the sibling is removed and {@code target} is left as it was. A file (not a
   * folder) at {@code target} is a {@link UserError}: it is never replaced.
   */
  public static void writeFolder(Path target, FolderWriter writer) throws IOException {
    if (Files.exists(target) && !Files.isDirectory(target)) {
      throw new UserError(target + ": exists and is not a folder; choose another output");
    }
    Files.createDirectories(target.getParent());
    Path tmp = Files.createTempDirectory(target.getParent(), "." + target.getFileName() + ".tmp-");
    try {
      writer.writeInto(tmp);
      replace(tmp, target);
    } catch (IOException | RuntimeException e) {
      deleteQuietly(tmp);
      throw e;
    }
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to);
    }
  }
}
