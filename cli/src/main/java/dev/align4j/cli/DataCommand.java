package dev.align4j.cli;

import dev.align4j.text.task.ArithmeticWorld;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code align4j data ...}: writes the embedded worlds' datasets. */
@Command(name = "data", mixinStandardHelpOptions = true, description = "Write the embedded tasks' datasets.",
    subcommands = {DataCommand.Arithmetic.class})
final class DataCommand implements Runnable {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(name = "arithmetic", mixinStandardHelpOptions = true,
      description = "Addition problems: paired (correct vs near miss) and unpaired (KTO) JSONL, train and eval.")
  static final class Arithmetic implements Runnable {
    @Option(names = "--out", required = true, paramLabel = "DIR") Path out;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
      try {
        ArithmeticWorld.writeDatasets(out);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      spec.commandLine().getOut().println("wrote train.jsonl, eval.jsonl, train-unpaired.jsonl, eval-unpaired.jsonl to " + out);
    }
  }
}
