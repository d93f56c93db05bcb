package dev.align4j.video.data;

import com.google.common.collect.ImmutableList;
import dev.align4j.core.data.BadRows;
import dev.align4j.core.data.DataConfig;
import dev.align4j.core.data.DatasetReader;
import dev.align4j.core.data.LoadedData;
import dev.align4j.core.media.Video;
import dev.align4j.core.util.UserError;
import dev.align4j.video.data.ClipLoader.BadClip;
import dev.align4j.video.pairs.ClipPair;
import dev.align4j.video.pairs.PairOrigin;
import dev.align4j.video.shapes.ClipChecker;
import dev.align4j.video.shapes.ClipScore;
import dev.align4j.video.shapes.MotionCaption;
import dev.align4j.video.shapes.MotionScene;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Reads the video modality's {@code data:} section ({@code train}, {@code eval} or {@code eval_fraction},
 * {@code skip_bad_rows}, {@code max_rows}) into training pairs of clips. What a path is decides how it is read:
 *
 * <ul>
 *   <li>a directory, or the {@code pair.json} in one: VideoDPO's layout ({@link VideoDpoReader}: clip length and
 *       dupbeta weights from its settings);
 *   <li>any other file: Pick-a-Pic-style video JSON lines ({@link PickapicVideoReader}; ties dropped).
 * </ul>
 *
 * <p>Every clip is decoded and fitted to the model's {@link ClipFormat} ({@link ClipLoader}: the nearest frame to
 * each of the model's frame times, bicubic resize and centre crop). The checker scores both clips when the caption
 * is a moving-shapes caption (null scores otherwise). A pair whose clip cannot be decoded or is too short, or
 * whose caption the model cannot read, is a bad row as the readers' own are: it stops the read with one line
 * naming the file, or under {@code skip_bad_rows} that pair alone is skipped and counted.
 */
public final class VideoDatasets {
  /**
   * What a data section gave.
   *
   * @param train training pairs, in file order
   * @param eval evaluation pairs (the eval file, or the held-out tail of train); empty for none
   * @param rowsRead rows read from all files
   * @param tiesDropped rows left out as ties
   * @param rowsSkipped rows skipped as bad under {@code skip_bad_rows}
   * @param skipReasons why the first few were skipped, one line each
   */
  public record VideoData(List<ClipPair> train, List<ClipPair> eval, long rowsRead, long tiesDropped,
      long rowsSkipped, List<String> skipReasons) {
    public VideoData {
      train = ImmutableList.copyOf(train);
      eval = ImmutableList.copyOf(eval);
      skipReasons = ImmutableList.copyOf(skipReasons);
    }
  }

  private VideoDatasets() {}

  /** The keys video data reads: a paired format, no preset, no column renaming; {@code train} set. */
  public static void check(DataConfig config) {
    if (config.train() == null) {
      throw new UserError("data.train is not set: give a VideoDPO directory or a Pick-a-Pic-style video JSONL file");
    }
    if (config.format() != DataConfig.Format.PAIRED) {
      throw new UserError("data.format " + config.format() + ": video data is paired (a VideoDPO directory or "
          + "Pick-a-Pic-style caption, video_0, video_1, label_0 rows)");
    }
    if (config.preset() != DataConfig.Preset.NONE) {
      throw new UserError("data.preset " + config.preset() + " is text data; video data is a VideoDPO directory or "
          + "Pick-a-Pic-style video JSONL");
    }
    if (!config.columns().isEmpty()) {
      throw new UserError("data.columns: video data has fixed fields (VideoDPO's pair.json, Pick-a-Pic's caption, "
          + "video_0, video_1, label_0); rename them in the file");
    }
  }

  /**
   * Reads the section's files.
   *
   * @param baseDir relative paths resolve against it (the config's directory)
   * @param videodpo how VideoDPO directories are read; null for VideoDPO's shipped settings, and then also allowed
   *     with JSONL data (settings given for JSONL data are a mistake)
   * @param captionCheck throws a {@link UserError} saying why when the model cannot read a caption
   */
  public static VideoData read(DataConfig config, Path baseDir, ClipFormat format, VideoDpoReader videodpo,
      Consumer<String> captionCheck) {
    check(config);
    Reader reader = new Reader(config, format, videodpo, captionCheck);
    List<Read> reads = new ArrayList<>();
    Read train = reader.read(resolve(baseDir, config.train(), "data.train"));
    reads.add(train);
    List<ClipPair> trainPairs = train.pairs();
    List<ClipPair> evalPairs = List.of();
    if (config.eval() != null) {
      Read eval = reader.read(resolve(baseDir, config.eval(), "data.eval"));
      reads.add(eval);
      evalPairs = eval.pairs();
    } else if (config.evalFraction() > 0) {
      int held = DatasetReader.heldOut(trainPairs.size(), config.evalFraction(), config.train());
      evalPairs = trainPairs.subList(trainPairs.size() - held, trainPairs.size());
      trainPairs = trainPairs.subList(0, trainPairs.size() - held);
    }
    long rows = 0;
    long ties = 0;
    long skipped = 0;
    List<String> reasons = new ArrayList<>();
    for (Read r : reads) {
      rows += r.rows();
      ties += r.ties();
      skipped += r.skipped();
      reasons.addAll(r.reasons());
    }
    return new VideoData(trainPairs, evalPairs, rows, ties, skipped,
        reasons.subList(0, Math.min(reasons.size(), LoadedData.MAX_REASONS)));
  }

  /** Whether {@code path} is read as a VideoDPO directory: a directory, or a file named {@code pair.json}. */
  public static boolean isVideoDpo(Path path) {
    return Files.isDirectory(path) || path.getFileName().toString().equals("pair.json");
  }

  private static Path resolve(Path baseDir, String path, String key) {
    Path file;
    try {
      file = baseDir.resolve(path).toAbsolutePath().normalize();
    } catch (InvalidPathException e) {
      throw new UserError(key + ": not a valid path: " + path);
    }
    if (!Files.exists(file)) throw new UserError(file + ": no such file or directory (" + key + ")");
    if (file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".parquet")) {
      throw new UserError(file + ": Pick-a-Pic parquet holds images; " + key + " for video is a VideoDPO directory "
          + "or a Pick-a-Pic-style video JSONL file");
    }
    return file;
  }

  /** One file's pairs and what was left out. */
  private record Read(List<ClipPair> pairs, long rows, long ties, long skipped, List<String> reasons) {}

  /** Reads files into clip pairs, decoding each clip file once across them. */
  private static final class Reader {
    private final DataConfig config;
    private final ClipLoader loader;
    private final VideoDpoReader videodpo;
    private final Consumer<String> captionCheck;

    Reader(DataConfig config, ClipFormat format, VideoDpoReader videodpo, Consumer<String> captionCheck) {
      this.config = config;
      this.loader = new ClipLoader(format);
      this.videodpo = videodpo;
      this.captionCheck = captionCheck;
    }

    Read read(Path path) {
      long maxRows = config.maxRows() == null ? Long.MAX_VALUE : config.maxRows();
      VideoPairs raw;
      if (isVideoDpo(path)) {
        Path dir = Files.isDirectory(path) ? path : path.getParent();
        raw = (videodpo == null ? VideoDpoReader.defaults() : videodpo).read(dir, config.skipBadRows(), maxRows);
      } else {
        if (videodpo != null) {
          throw new UserError("videodpo: applies to VideoDPO directories; " + path + " is read as Pick-a-Pic-style "
              + "video JSONL");
        }
        raw = PickapicVideoReader.read(path, config.skipBadRows(), maxRows);
      }
      BadRows bad = new BadRows(config.skipBadRows());
      List<ClipPair> pairs = new ArrayList<>(raw.pairs().size());
      for (VideoPair p : raw.pairs()) {
        try {
          pairs.add(clips(p));
        } catch (BadClip e) {
          bad.reject(p.source() + ", " + e.getMessage());
        } catch (UserError e) {
          bad.reject(p.source() + ", " + e.getMessage());
        }
      }
      List<String> reasons = new ArrayList<>(raw.skipReasons());
      reasons.addAll(bad.reasons());
      if (pairs.isEmpty()) {
        throw new UserError(path + ": no usable pairs (" + raw.rowsRead() + " rows read, all skipped as bad; first: "
            + reasons.get(0) + ")");
      }
      return new Read(pairs, raw.rowsRead(), raw.tiesDropped(), raw.rowsSkipped() + bad.skipped(), reasons);
    }

    /** The pair's clips in the model's format; a caption the model cannot read throws its UserError. */
    private ClipPair clips(VideoPair p) throws BadClip {
      captionCheck.accept(p.caption());
      Video winner = loader.clip(p.chosen());
      Video loser = loader.clip(p.rejected());
      MotionScene scene = scene(p.caption());
      ClipScore winnerScore = scene == null ? null : ClipChecker.score(winner, scene);
      ClipScore loserScore = scene == null ? null : ClipChecker.score(loser, scene);
      return new ClipPair(p.caption(), winner, loser, p.weight().orElse(1), winnerScore, loserScore,
          PairOrigin.read(p.source()));
    }

    /** The moving-shapes scene a caption describes, or null when it is not a caption of that world. */
    private static MotionScene scene(String caption) {
      try {
        return MotionCaption.parse(caption);
      } catch (UserError notAWorldCaption) {
        return null;
      }
    }
  }
}
