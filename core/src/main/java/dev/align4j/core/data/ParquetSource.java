package dev.align4j.core.data;

import dev.align4j.core.util.UserError;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A Parquet dataset as DuckDB reads it: one {@code .parquet} file, or a directory of shards read as one table in
 * file-name order. Sharded directories are how such data arrives: Spark writes {@code part-*.parquet} beside
 * {@code _SUCCESS}, and Pick-a-Pic v2 is published as {@code train-00000-of-00645.parquet} and on. Files whose
 * names start with {@code _} or {@code .} (Spark's markers and checksums) are not data.
 *
 * @param path the file or directory a user named
 * @param files the Parquet files, in the order their rows are read
 */
public record ParquetSource(Path path, List<Path> files) {
  public ParquetSource {
    files = List.copyOf(files);
  }

  /**
   * The dataset at {@code path}.
   *
   * @throws UserError when {@code path} is missing, or a directory without Parquet files
   */
  public static ParquetSource of(Path path) {
    if (Files.isRegularFile(path)) return new ParquetSource(path, List.of(path));
    if (!Files.isDirectory(path)) throw new UserError(path + ": no such file");
    List<Path> shards = shards(path);
    if (shards.isEmpty()) throw new UserError(path + ": a directory without .parquet files");
    return new ParquetSource(path, shards);
  }

  /** Whether {@code path} names Parquet data: a {@code .parquet} file or a directory holding some. */
  public static boolean isParquet(Path path) {
    if (Files.isDirectory(path)) return !shards(path).isEmpty();
    return path.getFileName() != null && isParquetName(path.getFileName().toString());
  }

  /** The {@code read_parquet(...)} table function over every file, as SQL with the paths quoted. */
  public String sql() {
    return "read_parquet([" + files.stream().map(f -> "'" + f.toString().replace("'", "''") + "'")
        .collect(Collectors.joining(", ")) + "])";
  }

  private static List<Path> shards(Path dir) {
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.filter(Files::isRegularFile).filter(f -> isParquetName(f.getFileName().toString()))
          .filter(f -> !f.getFileName().toString().startsWith("_") && !f.getFileName().toString().startsWith("."))
          .sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean isParquetName(String name) {
    return name.toLowerCase(Locale.ROOT).endsWith(".parquet");
  }
}
