package dev.align4j.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.align4j.core.config.ConfigLoader;
import dev.align4j.core.launch.Launcher;
import dev.align4j.core.launch.ModalityProvider;
import dev.align4j.core.train.Checkpoint;
import dev.align4j.core.util.UserError;
import dev.align4j.losses.Suggestions;
import dev.align4j.rewards.train.RewardTrainingRun;
import dev.align4j.text.reward.BtRewardProvider;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code align4j rewards ...}: train reward models on the shared engine and export them for the registry. */
@Command(name = "rewards", mixinStandardHelpOptions = true, description = "Train and export reward models.",
    subcommands = {RewardsCommand.Train.class, RewardsCommand.Export.class})
final class RewardsCommand implements Runnable {
  /** The config's {@code task:} values. */
  static final List<String> TASKS = List.of("clip", "pick", "bt_text");

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(name = "train", mixinStandardHelpOptions = true,
      description = "Train a reward model from a YAML config (task: clip, pick or bt_text); the run directory "
          + "ends with export/, a registry model directory.")
  static final class Train implements Runnable {
    @CommandLine.Mixin TrainCommand.RunOptions options = new TrainCommand.RunOptions();

    @Override
    public void run() {
      ObjectNode root = ConfigLoader.read(options.config);
      ConfigLoader.override(root, options.overrides);
      String task = root.path("task").asText("");
      if (task.isEmpty()) {
        throw new UserError(options.config + ": task is required (one of " + String.join(", ", TASKS) + ")");
      }
      if (!TASKS.contains(task)) {
        String near = Suggestions.didYouMean(task, TASKS);
        throw new UserError(options.config + ": unknown task '" + task + "'"
            + (near.isEmpty() ? " (one of " + String.join(", ", TASKS) + ")" : near));
      }
      Path runDir = options.runDir("reward-" + task);
      Path resume = options.resume == null ? null : Checkpoint.resolve(options.resume);
      Path base = options.config.toAbsolutePath().getParent();
      PrintStream out = System.out;
      if (task.equals("bt_text")) {
        ModalityProvider bt = Launcher.provider(task)
            .orElseThrow(() -> new UserError(task + ": not available in this build"));
        Launcher.Outcome outcome = Launcher.launch(bt, options.request(root, runDir, Map.of()));
        bt.summary(outcome).forEach(out::println);
        out.println("exported: " + BtRewardProvider.exported(outcome));
      } else {
        RewardTrainingRun.run(root, options.config.toString(), base, runDir, resume, out);
      }
    }
  }

  @Command(name = "export", mixinStandardHelpOptions = true,
      description = "Export a checkpoint of an image reward-model run (checkpoints/step-N, or a run directory: "
          + "its latest checkpoint) as a registry model directory.")
  static final class Export implements Runnable {
    @Option(names = "--from", required = true, paramLabel = "DIR", description = "a checkpoint or a run directory")
    Path from;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "the model directory to write "
        + "(its name is the registry name; replaced if present)")
    Path out;

    @Override
    public void run() {
      RewardTrainingRun.export(from, out, System.out);
    }
  }
}
