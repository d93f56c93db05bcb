package dev.align4j.cli;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.align4j.benchmarks.WinRate;
import dev.align4j.benchmarks.stats.Bootstrap;
import dev.align4j.benchmarks.throughput.EncodedImages;
import dev.align4j.core.media.Image;
import dev.align4j.core.media.MediaCodec;
import dev.align4j.core.media.MediaDecodeException;
import dev.align4j.core.util.UserError;
import dev.align4j.image.run.ImageModel;
import dev.align4j.rewards.RewardModel;
import dev.align4j.rewards.RewardRegistry;
import dev.align4j.rewards.Rewards;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code align4j bench win-rate}: system A's samples against system B's, prompt by prompt, judged by reward
 * models; win rate and mean score difference with paired bootstrap intervals.
 */
@Command(name = "win-rate", mixinStandardHelpOptions = true,
    description = {"Win rate of A's images over B's (same file names, one prompt each) by reward models,",
        "with paired bootstrap confidence intervals; ties count one half."})
final class BenchWinRateCommand implements Runnable {
  @Option(names = "--a", paramLabel = "DIR",
      description = "system A's images (e.g. the tuned model's), prompts in DIR/prompts.txt") Path dirA;
  @Option(names = "--b", paramLabel = "DIR", description = "system B's images, same file names")
  Path dirB;
  @Option(names = "--policy", paramLabel = "MODEL", description = "instead of --a: generate with this image model "
      + "(embedded:shapes, a model directory, or a run's final/ or checkpoint)") String policy;
  @Option(names = "--baseline", paramLabel = "MODEL", description = "instead of --b: generate with this model")
  String baseline;
  @Option(names = "--prompts", paramLabel = "FILE", description = "with --policy/--baseline: one prompt per line")
  Path promptsFile;
  @Option(names = "--seeds", defaultValue = "2", description = "with --policy/--baseline: images per prompt, the "
      + "same seeds for both (default ${DEFAULT-VALUE})") int seeds;
  @Option(names = "--reward", split = ",", defaultValue = "pickscore",
      description = "judge(s), comma-separated (default ${DEFAULT-VALUE})") List<String> rewards;
  @Option(names = "--prompt", defaultValue = "", description = "the prompt of every pair when A has no prompts.txt")
  String prompt;
  @Option(names = "--resamples", defaultValue = "2000") int resamples;
  @Option(names = "--level", defaultValue = "0.95", description = "confidence level (default ${DEFAULT-VALUE})")
  double level;
  @Option(names = "--seed", defaultValue = "0", description = "bootstrap seed") long seed;
  @Option(names = "--batch-size", defaultValue = "16", description = "pairs per scoring batch") int batchSize;
  @Option(names = "--json", paramLabel = "FILE", description = "also write the results as JSON") Path json;
  @CommandLine.Mixin RewardModelOptions models = new RewardModelOptions();
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    if (resamples < 1) throw new UserError("--resamples must be >= 1, got " + resamples);
    if (!(level > 0 && level < 1)) throw new UserError("--level must be in (0, 1), got " + level);
    if (batchSize < 1) throw new UserError("--batch-size must be >= 1, got " + batchSize);
    if (policy != null || baseline != null) {
      generated();
      return;
    }
    if (dirA == null || dirB == null)
        throw new UserError("give --a DIR --b DIR, or --policy, --baseline and --prompts");
    List<EncodedImages.Item> a = EncodedImages.directory(dirA, prompt);
    List<EncodedImages.Item> b = EncodedImages.directory(dirB, prompt);
    List<String> namesA = a.stream().map(EncodedImages.Item::name).toList();
    List<String> namesB = b.stream().map(EncodedImages.Item::name).toList();
    if (!namesA.equals(namesB)) {
      String missing = namesA.stream().filter(n -> !namesB.contains(n)).findFirst()
          .map(n -> n + " is in " + dirA + " but not in " + dirB)
          .orElseGet(() -> namesB.stream().filter(n -> !namesA.contains(n)).findFirst()
              .map(n -> n + " is in " + dirB + " but not in " + dirA).orElse("the file names differ"));
      throw new UserError("--a and --b must hold the same file names: " + missing);
    }
    List<String> prompts = a.stream().map(EncodedImages.Item::prompt).toList();
    if (prompts.stream().anyMatch(String::isEmpty)) {
      throw new UserError(dirA + ": no prompts.txt and no --prompt: the judges need each pair's prompt");
    }
    RewardRegistry registry = judges();
    judge(registry, dirA.toString(), dirB.toString(), prompts.size() + " prompts", prompts, decode(a, dirA),
        decode(b, dirB));
  }

  /** --policy / --baseline: both models draw every prompt with the same seeds; then the judges compare. */
  private void generated() {
    if (policy == null || baseline == null || promptsFile == null) {
      throw new UserError("--policy, --baseline and --prompts go together");
    }
    if (seeds < 1) throw new UserError("--seeds must be >= 1, got " + seeds);
    if (!Files.isRegularFile(promptsFile)) throw new UserError(promptsFile + ": no such file");
    List<String> distinct;
    try {
      distinct = Files.readAllLines(promptsFile).stream().map(String::strip).filter(l -> !l.isEmpty()).toList();
    } catch (java.io.IOException e) {
      throw new UserError(promptsFile + ": cannot read (" + e.getMessage() + ")");
    }
    if (distinct.isEmpty()) throw new UserError(promptsFile + ": no prompts");
    List<String> prompts = new ArrayList<>();
    long[] imageSeeds = new long[distinct.size() * seeds];
    for (int p = 0; p < distinct.size(); p++) {
      for (int s = 0; s < seeds; s++) {
        prompts.add(distinct.get(p));
        imageSeeds[p * seeds + s] = 1000L + s;
      }
    }
    RewardRegistry registry = judges();
    Path modelsDir = models.modelsDir != null ? models.modelsDir : Rewards.defaultModelsDir();
    PrintStream log = new PrintStream(OutputStream.nullOutputStream());
    List<Image> imagesA;
    List<Image> imagesB;
    try (NDManager root = NDManager.newBaseManager()) {
      imagesA = draw(ImageModel.policy(policy, modelsDir, root, log), prompts, imageSeeds, root);
      imagesB = draw(ImageModel.policy(baseline, modelsDir, root, log), prompts, imageSeeds, root);
    }
    judge(registry, policy, baseline, distinct.size() + " prompts x " + seeds + " seeds", prompts, imagesA, imagesB);
  }

  /** The registry, with every --reward name checked: unknown names fail before any work. */
  private RewardRegistry judges() {
    RewardRegistry registry = models.registry();
    for (String r : rewards) registry.description(r);
    return registry;
  }

  /** Every judge compares A's images with B's, prompt by prompt; prints the table and writes --json. */
  private void judge(RewardRegistry registry, String nameA, String nameB, String what, List<String> prompts,
      List<Image> imagesA, List<Image> imagesB) {
    Bootstrap bootstrap = new Bootstrap(resamples, level, seed);
    List<WinRate.Result> results = new ArrayList<>();
    for (String r : rewards) {
      try (RewardModel judge = registry.open(r)) {
        results.add(WinRate.judge(judge, prompts, imagesA, imagesB, batchSize, bootstrap));
      }
    }
    PrintWriter out = spec.commandLine().getOut();
    out.printf("A = %s, B = %s, %s, %d bootstrap resamples, seed %d%n", nameA, nameB, what, resamples, seed);
    out.println(WinRate.Result.markdownHeader(level));
    results.forEach(x -> out.println(x.markdownRow()));
    if (json != null) {
      writeJson(nameA, nameB, results);
      out.println("wrote " + json);
    }
    out.flush();
  }

  private static List<Image> draw(ImageModel model, List<String> prompts, long[] seeds, NDManager root) {
    try (model) {
      return new ArrayList<>(model.generator(model.denoiser()).generateRgb(prompts, seeds, model.sampler(), 64,
          root));
    }
  }

  private static List<Image> decode(List<EncodedImages.Item> items, Path dir) {
    List<Image> out = new ArrayList<>(items.size());
    for (EncodedImages.Item item : items) {
      try {
        out.add(MediaCodec.decodeImage(item.bytes()));
      } catch (MediaDecodeException e) {
        throw new UserError(dir.resolve(item.name()) + ": " + e.getMessage(), e);
      }
    }
    return out;
  }

  private void writeJson(String nameA, String nameB, List<WinRate.Result> results) {
    ObjectMapper mapper = new ObjectMapper();
    ObjectNode root = mapper.createObjectNode().put("a", nameA).put("b", nameB)
        .put("resamples", resamples).put("level", level).put("seed", seed);
    ArrayNode rows = root.putArray("judges");
    for (WinRate.Result r : results) {
      ObjectNode o = rows.addObject().put("judge", r.judge()).put("n", r.n()).put("mean_a", r.meanA())
          .put("mean_b", r.meanB());
      o.putObject("win_rate").put("estimate", r.winRate().estimate()).put("lower", r.winRate().lower())
          .put("upper", r.winRate().upper());
      o.putObject("mean_difference").put("estimate", r.meanDifference().estimate())
          .put("lower", r.meanDifference().lower()).put("upper", r.meanDifference().upper());
    }
    try {
      Path abs = json.toAbsolutePath();
      if (abs.getParent() != null) Files.createDirectories(abs.getParent());
      Path tmp = abs.resolveSibling(abs.getFileName() + ".tmp");
      mapper.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), root);
      Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
