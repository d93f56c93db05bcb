package dev.align4j.core.data;

import com.google.common.base.Preconditions;
import com.google.common.collect.Sets;
import dev.align4j.core.util.UserError;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads the preference examples a {@link DataConfig} describes: {@code .jsonl} / {@code .json} (JSON lines)
 * or {@code .parquet}, mapped by format or preset, bad rows stopped on or skipped, the eval set read or
 * held out. Every mistake in the data or the config is a one-line {@link UserError}.
 */
public final class DatasetReader {
  private DatasetReader() {}

  /** Reads train and eval examples; relative paths resolve against {@code baseDir} (the config's folder). */
  public static LoadedData read(DataConfig config, Path baseDir) {
    Preconditions.checkNotNull(config, "config");
    Preconditions.checkNotNull(baseDir, "baseDir");
    if (config.train() == null) throw new UserError("data.train is not set: give a .jsonl or .parquet file");
    RowMapper mapper = RowMapper.of(config);
    List<ExampleCollector> files = new ArrayList<>();
    ExampleCollector train = readFile(resolve(baseDir, config.train(), "data.train"), config, mapper);
    files.add(train);
    List<PreferenceExample> trainExamples = train.examples();
    List<PreferenceExample> evalExamples = List.of();
    if (config.eval() != null) {
      ExampleCollector eval = readFile(resolve(baseDir, config.eval(), "data.eval"), config, mapper);
      files.add(eval);
      evalExamples = eval.examples();
    } else if (config.evalFraction() > 0) {
      int held = heldOut(trainExamples.size(), config.evalFraction(), train.source());
      evalExamples = trainExamples.subList(trainExamples.size() - held, trainExamples.size());
      trainExamples = trainExamples.subList(0, trainExamples.size() - held);
    }
    long rows = 0;
    long skipped = 0;
    List<String> reasons = new ArrayList<>();
    for (ExampleCollector file : files) {
      rows += file.rows();
      skipped += file.skipped();
      reasons.addAll(file.reasons());
    }
    return new LoadedData(trainExamples, evalExamples, rows, skipped,
        reasons.subList(0, Math.min(reasons.size(), LoadedData.MAX_REASONS)));
  }

  private static ExampleCollector readFile(Path file, DataConfig config, RowMapper mapper) {
    ExampleCollector collector = new ExampleCollector(file.toString(), config, mapper);
    long maxRows = config.maxRows() == null ? Long.MAX_VALUE : config.maxRows();
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    if (name.endsWith(".jsonl") || name.endsWith(".json")) {
      JsonlRows.read(file, maxRows, collector);
    } else if (ParquetSource.isParquet(file)) {
      Set<String> optional = new LinkedHashSet<>();
      Set<String> required = new LinkedHashSet<>();
      for (String role : config.roles()) {
        (mapper.optionalRoles().contains(role) ? optional : required).add(config.column(role));
      }
      ParquetRows.read(file, required, Sets.difference(optional, required), maxRows, collector);
    } else {
      throw new UserError(file + ": unknown file type; expected .jsonl, .json (JSON lines) or .parquet");
    }
    return collector;
  }

  /**
   * How many of {@code n} examples {@code data.eval_fraction} holds out (the last ones in file order): at least
   * one, and at least one left to train on.
   *
   * @throws UserError when {@code source} has fewer than two usable examples
   */
  public static int heldOut(int n, double evalFraction, String source) {
    if (n < 2) {
      throw new UserError(source + ": " + n + " usable example, too few to hold out data.eval_fraction "
          + evalFraction);
    }
    return (int) Math.min(n - 1, Math.max(1, Math.round(n * evalFraction)));
  }

  /**
   * A data file named in the config ({@code key}: data.train, data.eval), resolved against {@code baseDir}: a file,
   * or a directory of Parquet shards ({@link ParquetSource}).
   *
   * @throws UserError when the path is invalid, missing, or a directory without Parquet files
   */
  public static Path resolve(Path baseDir, String path, String key) {
    Path file;
    try {
      file = baseDir.resolve(path).normalize();
    } catch (InvalidPathException e) {
      throw new UserError(key + ": not a valid path: " + path);
    }
    if (Files.isDirectory(file) && !ParquetSource.isParquet(file)) {
      throw new UserError(file + ": a directory without .parquet files; " + key + " must name a file or a directory of "
          + "Parquet shards");
    }
    if (!Files.exists(file)) throw new UserError(file + ": no such file (" + key + ")");
    return file;
  }
}
