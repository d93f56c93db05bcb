package dev.align4j.cli;

import ai.djl.ndarray.NDManager;
import dev.align4j.benchmarks.throughput.EncodedImages;
import dev.align4j.benchmarks.throughput.ScoringThroughput;
import dev.align4j.benchmarks.throughput.ThroughputRow;
import dev.align4j.benchmarks.throughput.ThroughputTable;
import dev.align4j.benchmarks.throughput.TrainingThroughput;
import dev.align4j.benchmarks.throughput.VideoThroughput;
import dev.align4j.core.util.UserError;
import dev.align4j.rewards.RewardModel;
import dev.align4j.rewards.RewardRegistry;
import dev.align4j.rewards.Rewards;
import dev.align4j.rewards.onnx.SessionConfig;
import dev.align4j.video.world.VideoBaseModel;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code align4j bench throughput}: images/s of reward-model scoring, decode + preprocessing + ONNX, on
 * shapes-world JPEGs, a Pick-a-Pic parquet file or a directory of images; training rows (steps/s,
 * samples/s per modality and loss) from finished runs' {@code metrics.jsonl}; and with {@code --video} the
 * video rows: Diffusion-DPO steps of the moving-shapes video model, clips/s of its checker and of MP4 decoding.
 */
@Command(name = "throughput", mixinStandardHelpOptions = true,
    description = {"Scoring throughput: images/s including decoding and preprocessing (median of --repeats);",
        "training throughput of finished runs (--run); video training steps/s and clips/s (--video)."})
final class BenchThroughputCommand implements Runnable {
  @Option(names = "--reward", split = ",", defaultValue = "pickscore",
      description = "reward model(s), comma-separated (default ${DEFAULT-VALUE})") List<String> rewards;
  @Option(names = "--batch-size", split = ",", defaultValue = "1,16",
      description = "images per ONNX run, comma-separated (default ${DEFAULT-VALUE})") List<Integer> batchSizes;
  @Option(names = "--data", paramLabel = "FILE.parquet", description = "Pick-a-Pic parquet: jpg_0, jpg_1 and caption")
  Path data;
  @Option(names = "--images", paramLabel = "DIR",
      description = "a directory of .jpg/.png/.webp files (prompts from DIR/prompts.txt, else --prompt)")
  Path imagesDir;
  @Option(names = "--prompt", defaultValue = "a red circle left of a blue square",
      description = "prompt for --images without prompts.txt") String prompt;
  @Option(names = "--count", defaultValue = "256",
      description = "images per repeat (shapes world; at most this many from --data) (default ${DEFAULT-VALUE})")
  int count;
  @Option(names = "--size", defaultValue = "64", description = "shapes-world image side (default ${DEFAULT-VALUE})")
  int size;
  @Option(names = "--seed", defaultValue = "7") long seed;
  @Option(names = "--repeats", defaultValue = "5",
      description = "timed repeats (default ${DEFAULT-VALUE})") int repeats;
  @Option(names = "--warmup", defaultValue = "2", description = "untimed repeats first (default ${DEFAULT-VALUE})")
  int warmup;
  @Option(names = "--threads", defaultValue = "0",
      description = "ONNX Runtime intra-op threads (0: its default, one per core)") int threads;
  @Option(names = "--json", paramLabel = "FILE", description = "also write the rows as JSON") Path json;
  @Option(names = "--run", paramLabel = "RUN_DIR",
      description = "add a training row from a finished run (config.yaml + metrics.jsonl); repeatable. "
          + "With --run and no --reward, no scoring rows") List<Path> runs = new ArrayList<>();
  @Option(names = "--video",
      description = "add the video rows: Diffusion-DPO steps/s of --video-model (--warmup + --repeats steps), "
          + "clips/s of the moving-shapes checker and of MP4 decoding (--count clips). "
          + "With --video and no --reward, no image scoring rows") boolean video;
  @Option(names = "--video-model", paramLabel = "DIR",
      description = "a moving-shapes video model directory (default: the shipped models/shapes-video-unet)")
  Path videoModel;
  @Option(names = "--video-batch-size", defaultValue = "8",
      description = "pairs per video training step (default ${DEFAULT-VALUE}, as examples/video-dpo.yaml)")
  int videoBatchSize;
  @Option(names = "--skip-windows", defaultValue = "1",
      description = "logged windows of a --run to skip as warm-up (default ${DEFAULT-VALUE})") int skipWindows;
  @Option(names = "--save-images", paramLabel = "DIR",
      description = "write the images used and prompts.txt (what benchmarks/peers/ reads)") Path saveImages;
  @Option(names = "--save-scores", paramLabel = "FILE",
      description = "write every image's score (TSV: reward, image, score) from the first batch size") Path saveScores;
  @CommandLine.Mixin RewardModelOptions models = new RewardModelOptions();
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    if (repeats < 1) throw new UserError("--repeats must be >= 1, got " + repeats);
    if (warmup < 0) throw new UserError("--warmup must be >= 0, got " + warmup);
    if (count < 1) throw new UserError("--count must be >= 1, got " + count);
    if (threads < 0) throw new UserError("--threads must be >= 0, got " + threads);
    if (data != null && imagesDir != null) throw new UserError("give --data or --images, not both");
    for (int b : batchSizes) if (b < 1) throw new UserError("--batch-size must be >= 1, got " + b);
    if (size < 16) throw new UserError("--size must be >= 16, got " + size);
    List<ThroughputRow> trainingRows = new ArrayList<>();
    for (Path run : runs) trainingRows.add(TrainingThroughput.fromRun(run, skipWindows));
    if (videoBatchSize < 1) throw new UserError("--video-batch-size must be >= 1, got " + videoBatchSize);
    boolean scoring = runs.isEmpty() && !video || spec.commandLine().getParseResult().hasMatchedOption("--reward");
    List<ThroughputRow> rows = new ArrayList<>();
    if (scoring) rows.addAll(scoringRows());
    rows.addAll(trainingRows);
    if (video) rows.addAll(videoRows());
    PrintWriter out = spec.commandLine().getOut();
    out.print(ThroughputTable.markdown(rows));
    if (json != null) {
      ThroughputTable.writeJson(rows, json);
      out.println("wrote " + json);
    }
    out.flush();
  }

  private List<ThroughputRow> scoringRows() {
    Path modelsDir = models.modelsDir != null ? models.modelsDir : Rewards.defaultModelsDir();
    RewardRegistry names = Rewards.registry(modelsDir, SessionConfig.forDevice(models.device));
    for (String reward : rewards) names.description(reward); // unknown names fail here, before anything is written

    List<EncodedImages.Item> images;
    String setup;
    if (data != null) {
      images = EncodedImages.pickapic(data, count);
      setup = "Pick-a-Pic " + data.getFileName();
    } else if (imagesDir != null) {
      images = EncodedImages.directory(imagesDir, prompt);
      setup = imagesDir.getFileName() + " images";
    } else {
      images = EncodedImages.shapes(count, size, seed);
      setup = size + "x" + size + " shapes JPEG";
    }
    if (saveImages != null) EncodedImages.save(images, saveImages);

    PrintWriter out = spec.commandLine().getOut();
    out.printf("scoring %d images (%s) with %s at batch %s, %d warm-up + %d timed repeats%n", images.size(), setup,
        String.join(",", rewards), batchSizes, warmup, repeats);
    out.flush();
    List<ThroughputRow> rows = new ArrayList<>();
    StringBuilder scores = new StringBuilder("reward\timage\tscore\n");
    for (String reward : rewards) {
      for (int i = 0; i < batchSizes.size(); i++) {
        int batch = batchSizes.get(i);
        SessionConfig session = SessionConfig.forDevice(models.device).withThreads(threads, 0).withBatchSize(batch);
        RewardRegistry registry = Rewards.registry(modelsDir, session);
        try (RewardModel model = registry.open(reward)) {
          if (i == 0 && saveScores != null) {
            float[] s = ScoringThroughput.scoreAll(model, images, batch);
            for (int k = 0; k < s.length; k++) {
              scores.append(reward).append('\t').append(images.get(k).name()).append('\t')
                  .append(String.format(Locale.ROOT, "%.7g", s[k])).append('\n');
            }
          }
          rows.add(ScoringThroughput.measure(model, images, new ScoringThroughput.Settings(batch, warmup, repeats),
              setup,
              session.deviceName()));
        }
      }
    }
    if (saveScores != null) {
      write(saveScores, scores.toString());
      out.println("wrote " + saveScores);
    }
    return rows;
  }

  private List<ThroughputRow> videoRows() {
    Path modelsDir = models.modelsDir != null ? models.modelsDir : Rewards.defaultModelsDir();
    Path dir = videoModel != null ? videoModel : VideoBaseModel.baseModelDir(modelsDir, System.err);
    PrintWriter out = spec.commandLine().getOut();
    out.printf("video: Diffusion-DPO steps of %s (%d pairs, %d warm-up + %d timed steps); checker and MP4 decoding "
        + "of %d clips, %d warm-up + %d timed repeats%n", dir, videoBatchSize, warmup, repeats, count, warmup,
        repeats);
    out.flush();
    List<ThroughputRow> rows = new ArrayList<>();
    try (NDManager root = NDManager.newBaseManager(); VideoBaseModel model = VideoBaseModel.load(dir, root)) {
      rows.add(VideoThroughput.training(model, videoBatchSize, Math.max(1, warmup), repeats, seed, root));
    }
    List<VideoThroughput.Clip> clips = VideoThroughput.clips(count, seed);
    rows.add(VideoThroughput.checker(clips, warmup, repeats));
    rows.add(VideoThroughput.mp4Decode(clips, warmup, repeats));
    return rows;
  }

  private static void write(Path file, String text) {
    try {
      Path abs = file.toAbsolutePath();
      if (abs.getParent() != null) Files.createDirectories(abs.getParent());
      Path tmp = abs.resolveSibling(abs.getFileName() + ".tmp");
      Files.writeString(tmp, text, StandardCharsets.UTF_8);
      Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
