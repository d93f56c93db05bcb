package dev.align4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.align4j.core.media.Media;
import dev.align4j.core.media.MediaCodec;
import dev.align4j.core.media.MediaDecodeException;
import dev.align4j.core.media.Video;
import dev.align4j.core.util.UserError;
import dev.align4j.rewards.RewardModel;
import dev.align4j.rewards.RewardRegistry;
import dev.align4j.rewards.data.PairScores;
import dev.align4j.rewards.data.PickapicPairs;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code align4j score}: offline scoring of image (or video) files, or of a Pick-a-Pic parquet file's pairs. Video
 * files go to the reward model as videos, for models that score them (the UnifiedReward judge).
 */
@Command(name = "score", mixinStandardHelpOptions = true,
    description = "Score images with a reward model: IMAGE files for one --prompt, or a Pick-a-Pic parquet (--data).")
final class ScoreCommand implements Runnable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> VIDEO_EXTENSIONS = List.of(".mp4", ".webm", ".mov", ".mkv", ".avi");

  @Option(names = "--reward", required = true, paramLabel = "NAME") String reward;
  @Option(names = "--prompt", paramLabel = "TEXT") String prompt;
  @Option(names = "--data", paramLabel = "FILE.parquet",
      description = "Pick-a-Pic v2 columns: caption, jpg_0, jpg_1 (label_0 kept when present)") Path data;
  @Option(names = "--out", paramLabel = "FILE.jsonl",
      description = "scores file for --data (default FILE.scores.jsonl)")
  Path out;
  @Parameters(paramLabel = "IMAGE", arity = "0..*",
      description = "image files; videos (.mp4, .webm, .mov, .mkv, .avi) for reward models that score them")
  List<Path> images = new ArrayList<>();
  @CommandLine.Mixin RewardModelOptions models = new RewardModelOptions();
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    if ((data == null) == images.isEmpty())
        throw new UserError("give IMAGE files (with --prompt) or --data FILE.parquet");
    if (data == null && prompt == null) throw new UserError("--prompt is required when scoring IMAGE files");
    RewardRegistry registry = models.registry();
    try (RewardModel model = registry.open(reward)) {
      if (data == null) scoreFiles(model);
      else scoreParquet(model);
    }
  }

  private void scoreFiles(RewardModel model) {
    List<Media> decoded = new ArrayList<>();
    for (Path p : images) decoded.add(decode(p));
    float[] scores = model.score(prompt, decoded);
    PrintWriter w = spec.commandLine().getOut();
    for (int i = 0; i < scores.length; i++) {
      String key = decoded.get(i) instanceof Video ? "video" : "image";
      ObjectNode line = JSON.createObjectNode().put(key, images.get(i).toString()).put("score", scores[i]);
      w.println(line);
    }
    w.flush();
  }

  private static Media decode(Path p) {
    try {
      if (isVideo(p)) {
        if (!Files.isRegularFile(p)) throw new NoSuchFileException(p.toString());
        return MediaCodec.readVideo(p);
      }
      return MediaCodec.decodeImage(Files.readAllBytes(p));
    } catch (NoSuchFileException e) {
      throw new UserError(p + ": no such file");
    } catch (IOException e) {
      throw new UserError(p + ": cannot read (" + e.getMessage() + ")");
    } catch (MediaDecodeException e) {
      throw isVideo(p) ? e : new UserError(p + ": " + e.getMessage());
    }
  }

  private static boolean isVideo(Path p) {
    String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
    return VIDEO_EXTENSIONS.stream().anyMatch(name::endsWith);
  }

  private void scoreParquet(RewardModel model) {
    Path target = out != null ? out : data.resolveSibling(data.getFileName() + ".scores.jsonl");
    Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
    PairScores.Summary summary = new PairScores.Summary();
    boolean written = false;
    try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
      PickapicPairs.forEach(data, row -> {
        PairScores.Scored s = PairScores.score(model, List.of(row)).get(0);
        summary.add(s);
        try {
          w.write(s.json().toString());
          w.newLine();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
      written = true;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      if (!written) tmp.toFile().delete();  // nothing half-written is left behind
    }
    try {
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    PrintWriter w = spec.commandLine().getOut();
    w.println(summary.line(reward, target.toString()));
    w.flush();
  }
}
