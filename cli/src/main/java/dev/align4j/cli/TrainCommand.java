package dev.align4j.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.align4j.core.config.ConfigLoader;
import dev.align4j.core.config.RunConfig;
import dev.align4j.core.train.Checkpoint;
import dev.align4j.core.train.Trainer;
import dev.align4j.core.util.UserError;
import dev.align4j.image.run.ImageRun;
import dev.align4j.rewards.Rewards;
import dev.align4j.image.run.ImageRunConfig;
import dev.align4j.text.TextRun;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code align4j train <modality>}: one launcher per modality, one engine behind them. */
@Command(name = "train", mixinStandardHelpOptions = true, description = "Preference-tune a model.",
    subcommands = {TrainCommand.Text.class, TrainCommand.Image.class})
final class TrainCommand implements Runnable {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Options every modality's launcher takes. */
  static class RunOptions {
    @Option(names = "--config", required = true, paramLabel = "FILE.yaml", description = "the run's YAML config")
    Path config;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "override a config key, e.g. trainer.max_steps=50")
    List<String> overrides = new ArrayList<>();

    @Option(names = "--output", paramLabel = "DIR", description = "run directory (default runs/<modality>-<time>)")
    Path output;

    @Option(names = "--resume", paramLabel = "DIR", description = "continue a run from its latest checkpoint "
        + "(a run directory) or from a given checkpoint directory")
    Path resume;

    /** The YAML tree with overrides applied. */
    ObjectNode tree() {
      ObjectNode root = ConfigLoader.read(config);
      ConfigLoader.override(root, overrides);
      return root;
    }

    /** The config with overrides applied, checked against the modality. */
    RunConfig load(String modality) {
      ObjectNode root = tree();
      if (!root.has("modality")) root.put("modality", modality);
      RunConfig cfg = ConfigLoader.bind(root, RunConfig.class, config.toString(), "");
      if (!modality.equals(cfg.modality())) {
        throw new UserError(config + ": modality is '" + cfg.modality() + "', but this is 'train " + modality + "'");
      }
      return cfg;
    }

    Path runDir(String modality) {
      if (resume != null) return output != null ? output : runDirOf(resume);
      if (output != null) return output;
      return Path.of("runs", modality + "-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
    }

    private static Path runDirOf(Path resume) {
      Path checkpoint = Checkpoint.resolve(resume);
      // runs/x/checkpoints/step-N -> runs/x
      return checkpoint.getParent() != null && checkpoint.getParent().getFileName().toString().equals("checkpoints")
          ? checkpoint.getParent().getParent() : resume;
    }
  }

  static void appendMetric(StringBuilder out, String name, Double value) {
    if (value != null && !value.isNaN()) out.append(String.format("; %s %.3f", name, value));
  }

  @Command(name = "text", mixinStandardHelpOptions = true,
      description = "Tune a causal language model (DPO, SimPO, IPO, KTO, ORPO, ...).")
  static final class Text implements Runnable {
    @CommandLine.Mixin RunOptions options = new RunOptions();
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
      RunConfig cfg = options.load("text");
      Path runDir = options.runDir("text");
      Path resume = options.resume == null ? null : Checkpoint.resolve(options.resume);
      Path base = options.config.toAbsolutePath().getParent();
      PrintStream out = System.out;
      Trainer.Result result = TextRun.run(cfg, base, runDir, resume, out);
      StringBuilder summary = new StringBuilder("done: " + result.steps() + " steps");
      appendMetric(summary, "last loss", result.lastMetrics().get("loss"));
      appendMetric(summary, "rewards/accuracies", result.lastMetrics().get("rewards/accuracies"));
      appendMetric(summary, "eval accuracy", result.lastEval().get("eval_rewards/accuracies"));
      appendMetric(summary, "eval task accuracy", result.lastEval().get("eval_task_accuracy"));
      out.println(summary);
      out.println("run directory: " + runDir + " (metrics.jsonl, eval.jsonl, checkpoints/, final/)");
    }
  }

  @Command(name = "image", mixinStandardHelpOptions = true,
      description = "Tune a text-to-image diffusion model (Diffusion-DPO, MaPO, Diffusion-KTO, DSPO, ...).")
  static final class Image implements Runnable {
    @CommandLine.Mixin RunOptions options = new RunOptions();
    @Option(names = "--models-dir", paramLabel = "DIR", description = "reward registry (default: the built-in models/)")
    Path modelsDir;

    @Override
    public void run() {
      ImageRunConfig cfg = ImageRun.bind(options.tree(), options.config.toString());
      Path runDir = options.runDir("image");
      Path resume = options.resume == null ? null : Checkpoint.resolve(options.resume);
      Path base = options.config.toAbsolutePath().getParent();
      PrintStream out = System.out;
      ImageRun.Result r = ImageRun.run(cfg, base, modelsDir != null ? modelsDir : Rewards.defaultModelsDir(), runDir, resume, out);
      Trainer.Result result = r.training();
      StringBuilder summary = new StringBuilder("done: " + result.steps() + " steps");
      appendMetric(summary, "last loss", result.lastMetrics().get("loss"));
      appendMetric(summary, "eval accuracy", result.lastEval().get("eval_rewards/accuracies"));
      out.println(summary);
      if (r.before() != null && r.after() != null && r.before() != r.after()) {
        out.println("held-out samples, before -> after: " + ImageRun.compare(r.before(), r.after()));
      }
      out.println("sample grids: " + r.gridBefore() + ", " + r.gridAfter());
      out.println("run directory: " + runDir + " (metrics.jsonl, eval.jsonl, samples/, checkpoints/, final/)");
    }
  }
}
