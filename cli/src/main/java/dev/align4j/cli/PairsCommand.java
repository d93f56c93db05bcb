package dev.align4j.cli;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.align4j.core.config.ConfigLoader;
import dev.align4j.core.data.Text;
import dev.align4j.core.pairs.ConstructedPair;
import dev.align4j.core.pairs.PairBuilder;
import dev.align4j.core.pairs.PairStrategy;
import dev.align4j.core.util.UserError;
import dev.align4j.text.ChatTemplate;
import dev.align4j.text.GenerationConfig;
import dev.align4j.text.GptPolicy;
import dev.align4j.text.TextCandidateGenerator;
import dev.align4j.text.TextEncoder;
import dev.align4j.text.TextTokenizer;
import dev.align4j.text.task.ArithmeticTask;
import dev.align4j.text.task.ArithmeticWorld;
import dev.align4j.text.task.TaskChecker;
import dev.align4j.video.data.VideoPairsWriter;
import dev.align4j.video.run.VideoPairsExport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code align4j pairs text}: on-policy preference pairs sampled from a model and ranked by a task's checker.
 * {@code align4j pairs video}: the pairs a {@code train video} config's {@code pairs:} section builds, written as a
 * video dataset.
 */
@Command(name = "pairs", mixinStandardHelpOptions = true, description = "Build preference pairs.",
    subcommands = {PairsCommand.TextPairs.class, PairsCommand.VideoPairs.class})
final class PairsCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(name = "text", mixinStandardHelpOptions = true,
      description = "Sample k answers per prompt, score them with the task's checker, keep best vs worst.")
  static final class TextPairs implements Runnable {
    @Option(names = "--model", defaultValue = ArithmeticWorld.REF,
        description = "a saved GPT directory or ${DEFAULT-VALUE}")
    String model;
    @Option(names = "--task", defaultValue = "arithmetic", description = "the checker that scores answers") String task;
    @Option(names = "--prompts", defaultValue = "1000", description = "training problems to sample for") int prompts;
    @Option(names = "--k", defaultValue = "4", description = "candidates per prompt") int k;
    @Option(names = "--temperature", defaultValue = "1.0") float temperature;
    @Option(names = "--top-k", defaultValue = "0") int topK;
    @Option(names = "--top-p", defaultValue = "1.0") float topP;
    @Option(names = "--min-gap", defaultValue = "0.5", description = "minimum score gap between chosen and rejected")
    double minGap;
    @Option(names = "--seed", defaultValue = "1") long seed;
    @Option(names = "--out", required = true, paramLabel = "FILE.jsonl") Path out;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
      if (!task.equals("arithmetic"))
          throw new UserError("--task must be arithmetic (the embedded task with a checker)");
      if (k < 2) throw new UserError("--k must be at least 2");
      Path modelDir = model.equals(ArithmeticWorld.REF) ? ArithmeticWorld.baseModel(System.err) : Path.of(model);
      if (!Files.isDirectory(modelDir)) throw new UserError(modelDir + ": no such model directory (--model)");
      List<Text> problems = new ArrayList<>();
      for (ArithmeticTask.Problem p : ArithmeticWorld.splits().get(0).subList(0, Math.min(prompts, 8000))) {
        problems.add(Text.raw(p.prompt()));
      }
      TaskChecker checker = TaskChecker.arithmetic();
      PairBuilder.Result<Text, String> result;
      try (NDManager m = NDManager.newBaseManager();
          TextTokenizer tok = TextTokenizer.load(ArithmeticWorld.tokenizer());
          GptPolicy policy = GptPolicy.load(modelDir, m)) {
        TextEncoder encoder = new TextEncoder(tok, ChatTemplate.plain(), ArithmeticWorld.MAX_LENGTH,
            ArithmeticWorld.MAX_PROMPT_LENGTH);
        var generator = new TextCandidateGenerator(policy, encoder,
            GenerationConfig.sampling(4, temperature, topK, topP, seed));
        result = new PairBuilder<Text, String>(generator, (prompt, candidates) -> {
          double[] s = new double[candidates.size()];
          for (int i = 0; i < s.length; i++) s[i] = checker.correct(prompt, candidates.get(i)) ? 1 : 0;
          return s;
        }, PairStrategy.bestVsWorst(minGap)).build(problems, k, 64, seed);
      }
      // An empty answer (end-of-sequence first) is a real output, but datasets reject empty completions.
      List<ConstructedPair<Text, String>> usable = result.pairs().stream()
          .filter(p -> !p.chosen().isBlank() && !p.rejected().isBlank()).toList();
      write(usable);
      spec.commandLine().getOut().printf("%d pairs from %d prompts (%d had no pair: all answers scored alike; %d "
          + "dropped for an empty answer) -> %s%n", usable.size(), result.prompts(), result.promptsWithoutPair(),
          result.pairs().size() - usable.size(), out);
    }

    private void write(List<ConstructedPair<Text, String>> pairs) {
      ObjectMapper json = new ObjectMapper();
      List<String> lines = new ArrayList<>();
      for (ConstructedPair<Text, String> p : pairs) {
        ObjectNode row = json.createObjectNode().put("prompt", p.prompt().raw()).put("chosen", p.chosen())
            .put("rejected", p.rejected()).put("score_chosen", p.chosenScore()).put("score_rejected", p.rejectedScore())
            .put("seed", p.seed()).put("candidates", p.candidates()).put("model", model).put("scorer", task);
        lines.add(row.toString());
      }
      try {
        Path abs = out.toAbsolutePath();
        if (abs.getParent() != null) Files.createDirectories(abs.getParent());
        Path tmp = abs.resolveSibling(abs.getFileName() + ".tmp");
        Files.write(tmp, lines, StandardCharsets.UTF_8);
        Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  @Command(name = "video", mixinStandardHelpOptions = true,
      description = {"Build a train video config's pairs: and write them as a dataset that data: reads.",
          "The builder, prompts and seeds are those train video would use. Written: train.jsonl and eval.jsonl "
          + "(caption, video_0 the winner, video_1, label_0, weight, builder, perturbation, seed, model, score_0, "
          + "score_1) with MP4 files under videos/ (frames enlarged 4x)."})
  static final class VideoPairs implements Runnable {
    @Option(names = "--config", required = true, paramLabel = "FILE.yaml",
        description = "a train video config with a pairs: section")
    Path config;
    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "override a config key, e.g. pairs.prompts=16")
    List<String> overrides = new ArrayList<>();
    @Option(names = "--output", paramLabel = "DIR",
        description = "the dataset folder, replaced if it exists (default runs/video-pairs-<time>)")
    Path output;
    @Option(names = "--models-dir", paramLabel = "DIR",
        description = "models directory (default: the built-in models/)")
    Path modelsDir;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
      ObjectNode tree = ConfigLoader.read(config);
      ConfigLoader.override(tree, overrides);
      Path dir = output != null ? output : Path.of("runs", "video-pairs-"
          + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
      VideoPairsExport.Result r = VideoPairsExport.run(tree, config.toString(), config.toAbsolutePath().getParent(),
          modelsDir, dir, System.out);
      List<String> written = new ArrayList<>();
      for (String split : r.files().keySet()) written.add(split + ".jsonl");
      written.add(VideoPairsWriter.VIDEOS + "/");
      spec.commandLine().getOut().printf("%d train and %d eval pairs from %d prompts -> %s (%s); train video reads "
          + "them with data.train: %s%n", r.trainPairs(), r.evalPairs(), r.trainPrompts(), dir,
          String.join(", ", written), r.files().get("train"));
    }
  }
}
