package dev.align4j.image.data;

import dev.align4j.core.data.DataConfig;
import dev.align4j.core.data.DatasetReader;
import dev.align4j.core.data.LoadedData;
import dev.align4j.core.data.ParquetSource;
import dev.align4j.core.data.PreferenceExample;
import dev.align4j.core.data.Text;
import dev.align4j.core.media.Image;
import dev.align4j.core.util.UserError;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the image modality's data from a {@link DataConfig} ({@code train}, {@code eval} or
 * {@code eval_fraction}, {@code format}, {@code columns}, {@code skip_bad_rows}, {@code max_rows}).
 *
 * <ul>
 *   <li>{@code .parquet}, or a directory of shards: Pick-a-Pic v2 ({@code caption}, {@code jpg_0}, {@code jpg_1},
 *       {@code label_0});
 *       ties dropped, winner first. A bad row always stops the read.
 *   <li>{@code .jsonl} / {@code .json} lines, paired: {@code {"caption", "chosen", "rejected"}} with image
 *       paths relative to the JSONL file (or absolute). Unpaired ({@code format: unpaired}):
 *       {@code {"caption", "image", "label"}}, label true/false or 1/0. Column names can be renamed by role
 *       with {@code columns} ({@code prompt} is the caption, {@code completion} the unpaired image).
 * </ul>
 *
 * <p>The unpaired view of paired data (for KTO) makes two examples of each pair: the winner desirable, the
 * loser undesirable; Pick-a-Pic ties are dropped there too (a tie says neither image is preferred, not that
 * both are good or both bad). Every image is resized (shortest side) and centre-cropped to the resolution.
 */
public final class ImageDatasets {
  private ImageDatasets() {}

  /** Preference pairs for paired losses (Diffusion-DPO, MaPO, DSPO, ...). */
  public static ImageData<ImagePair> paired(DataConfig config, Path baseDir, int resolution) {
    checkPreset(config);
    if (config.format() != DataConfig.Format.PAIRED) {
      throw new UserError("data.format " + config.format() + ": this loss trains on preference pairs; use "
          + "data.format paired (caption, chosen, rejected) or a Pick-a-Pic parquet file");
    }
    ImageLoader loader = new ImageLoader(resolution);
    return split(config, baseDir, file -> readPairs(file, config, loader));
  }

  /** Labelled images for unpaired losses (Diffusion-KTO): labelled rows, or both halves of each pair. */
  public static ImageData<LabelledImageExample> unpaired(DataConfig config, Path baseDir, int resolution) {
    checkPreset(config);
    ImageLoader loader = new ImageLoader(resolution);
    if (config.format() == DataConfig.Format.UNPAIRED) {
      return split(config, baseDir, file -> {
        if (isParquet(file)) return halves(PickapicReader.read(file, loader, maxRows(config)));
        return readLabelled(file, config, loader);
      });
    }
    if (config.format() != DataConfig.Format.PAIRED) {
      throw new UserError("data.format " + config.format() + " is not image data; use paired or unpaired");
    }
    ImageData<ImagePair> pairs = paired(config, baseDir, resolution);
    return new ImageData<>(unpair(pairs.train()), unpair(pairs.eval()), pairs.rowsRead(), pairs.tiesDropped(),
        pairs.rowsSkipped(), pairs.skipReasons());
  }

  /** Each pair as two labelled examples: winner desirable, loser undesirable. */
  public static List<LabelledImageExample> unpair(List<ImagePair> pairs) {
    List<LabelledImageExample> out = new ArrayList<>(2 * pairs.size());
    for (ImagePair p : pairs) {
      out.add(new LabelledImageExample(p.caption(), p.winner(), true, p.source() + " (chosen)"));
      out.add(new LabelledImageExample(p.caption(), p.loser(), false, p.source() + " (rejected)"));
    }
    return out;
  }

  private static FileRead<LabelledImageExample> halves(FileRead<ImagePair> pairs) {
    return new FileRead<>(unpair(pairs.examples()), pairs.rows(), pairs.ties(), pairs.skipped(), pairs.reasons());
  }

  private interface FileReader<E> {
    FileRead<E> read(Path file);
  }

  private static <E> ImageData<E> split(DataConfig config, Path baseDir, FileReader<E> reader) {
    if (config.train() == null) throw new UserError("data.train is not set: give a .jsonl or Pick-a-Pic .parquet file");
    List<FileRead<E>> reads = new ArrayList<>();
    FileRead<E> train = reader.read(DatasetReader.resolve(baseDir, config.train(), "data.train"));
    reads.add(train);
    List<E> trainExamples = train.examples();
    List<E> evalExamples = List.of();
    if (config.eval() != null) {
      FileRead<E> eval = reader.read(DatasetReader.resolve(baseDir, config.eval(), "data.eval"));
      reads.add(eval);
      evalExamples = eval.examples();
    } else if (config.evalFraction() > 0) {
      int held = DatasetReader.heldOut(trainExamples.size(), config.evalFraction(), config.train());
      evalExamples = trainExamples.subList(trainExamples.size() - held, trainExamples.size());
      trainExamples = trainExamples.subList(0, trainExamples.size() - held);
    }
    long rows = 0;
    long ties = 0;
    long skipped = 0;
    List<String> reasons = new ArrayList<>();
    for (FileRead<E> r : reads) {
      rows += r.rows();
      ties += r.ties();
      skipped += r.skipped();
      reasons.addAll(r.reasons());
    }
    return new ImageData<>(trainExamples, evalExamples, rows, ties, skipped,
        reasons.subList(0, Math.min(reasons.size(), LoadedData.MAX_REASONS)));
  }

  private static FileRead<ImagePair> readPairs(Path file, DataConfig config, ImageLoader loader) {
    if (isParquet(file)) {
      if (!config.columns().isEmpty()) {
        throw new UserError("data.columns applies to JSONL image data; " + file + " is read as Pick-a-Pic v2");
      }
      return PickapicReader.read(file, loader, maxRows(config));
    }
    LoadedData rows = readRows(file, config, Map.of("prompt", "caption"));
    Path dir = file.toAbsolutePath().getParent();
    Skips skips = new Skips(config, rows);
    List<ImagePair> out = new ArrayList<>();
    for (PreferenceExample e : rows.train()) {
      PreferenceExample.Paired p = (PreferenceExample.Paired) e;
      String where = file + ": row " + p.row();
      try {
        String caption = string(p.prompt(), columnOf(config, "prompt", "caption"));
        Image chosen = image(loader, dir, p.chosen(), columnOf(config, "chosen", "chosen"));
        Image rejected = image(loader, dir, p.rejected(), columnOf(config, "rejected", "rejected"));
        out.add(new ImagePair(caption, chosen, rejected, where));
      } catch (BadField bad) {
        skips.reject(where + ", " + bad.getMessage());
      }
    }
    return skips.result(file, out, rows);
  }

  private static FileRead<LabelledImageExample> readLabelled(Path file, DataConfig config, ImageLoader loader) {
    LoadedData rows = readRows(file, config, Map.of("prompt", "caption", "completion", "image"));
    Path dir = file.toAbsolutePath().getParent();
    Skips skips = new Skips(config, rows);
    List<LabelledImageExample> out = new ArrayList<>();
    for (PreferenceExample e : rows.train()) {
      PreferenceExample.Unpaired u = (PreferenceExample.Unpaired) e;
      String where = file + ": row " + u.row();
      try {
        String caption = string(u.prompt(), columnOf(config, "prompt", "caption"));
        Image image = image(loader, dir, u.completion(), columnOf(config, "completion", "image"));
        out.add(new LabelledImageExample(caption, image, u.label(), where));
      } catch (BadField bad) {
        skips.reject(where + ", " + bad.getMessage());
      }
    }
    return skips.result(file, out, rows);
  }

  /** The rows of one JSONL file through core's reader, with image-data column defaults. */
  private static LoadedData readRows(Path file, DataConfig config, Map<String, String> defaults) {
    if (isParquet(file)) throw new IllegalStateException("parquet is Pick-a-Pic");
    Map<String, String> columns = new LinkedHashMap<>(defaults);
    columns.putAll(config.columns());
    // absolute: the reader resolves it against the file's own directory
    DataConfig one = new DataConfig(file.toAbsolutePath().toString(), null, 0, config.format(), DataConfig.Preset.NONE,
        columns, config.skipBadRows(), config.maxRows());
    return DatasetReader.read(one, file.toAbsolutePath().getParent());
  }

  private static String columnOf(DataConfig config, String role, String fallback) {
    return config.columns().getOrDefault(role, fallback);
  }

  private static String string(Text text, String column) throws BadField {
    if (text.isMessages()) throw new BadField(column, "expected a string, got a list of messages");
    return text.raw();
  }

  private static Image image(ImageLoader loader, Path dir, Text path, String column) throws BadField {
    try {
      return loader.file(dir, string(path, column));
    } catch (ImageLoader.BadImage e) {
      throw new BadField(column, e.getMessage());
    }
  }

  private static boolean isParquet(Path file) {
    return ParquetSource.isParquet(file);
  }

  private static long maxRows(DataConfig config) {
    return config.maxRows() == null ? Long.MAX_VALUE : config.maxRows();
  }

  private static void checkPreset(DataConfig config) {
    if (config.preset() != DataConfig.Preset.NONE) {
      throw new UserError("data.preset " + config.preset() + " is text data; image data is Pick-a-Pic parquet or JSONL "
          + "with image paths");
    }
  }

  /** A row's image or caption is unusable. */
  private static final class BadField extends Exception {
    BadField(String column, String problem) {
      super("column '" + column + "': " + problem, null, false, false);
    }
  }

  /** The bad-row policy for image problems found after core's reader: stop, or skip and count. */
  private static final class Skips {
    private final boolean skip;
    private long skipped;
    private final List<String> reasons;

    Skips(DataConfig config, LoadedData rows) {
      this.skip = config.skipBadRows();
      this.skipped = rows.rowsSkipped();
      this.reasons = new ArrayList<>(rows.skipReasons());
    }

    void reject(String reason) {
      if (!skip) throw new UserError(reason + " (set data.skip_bad_rows to skip such rows)");
      skipped++;
      if (reasons.size() < LoadedData.MAX_REASONS) reasons.add(reason);
    }

    <E> FileRead<E> result(Path file, List<E> examples, LoadedData rows) {
      if (examples.isEmpty()) {
        throw new UserError(file + ": no usable rows (" + rows.rowsRead() + " read, all skipped as bad; first: "
            + reasons.get(0) + ")");
      }
      return new FileRead<>(examples, rows.rowsRead(), 0, skipped, reasons);
    }
  }
}
