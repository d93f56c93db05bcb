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
    subcommands = {DataCommand.Arithmetic.class, DataCommand.Shapes.class})
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
      spec.commandLine().getOut()
          .println("wrote train.jsonl, eval.jsonl, train-unpaired.jsonl, eval-unpaired.jsonl to " + out);
    }
  }

  @Command(name = "shapes", mixinStandardHelpOptions = true,
      description = "Shapes-world preference pairs in the Pick-a-Pic v2 parquet schema (train, validation, test).")
  static final class Shapes implements Runnable {
    @Option(names = "--out", required = true, paramLabel = "DIR") Path out;
    @Option(names = "--pairs", defaultValue = "2000", description = "training rows (default ${DEFAULT-VALUE}); "
        + "validation and test get a quarter each") int pairs;
    @Option(names = "--size", defaultValue = "64",
        description = "image side in pixels (default ${DEFAULT-VALUE})") int size;
    @Option(names = "--label-noise", defaultValue = "0.0", description = "fraction of flipped labels") double noise;
    @Option(names = "--tie-rate", defaultValue = "0.1",
        description = "fraction of tied rows (label 0.5/0.5)") double ties;
    @Option(names = "--seed", defaultValue = "7") long seed;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
      var renderer = new dev.align4j.core.shapes.Renderer(dev.align4j.core.shapes.RenderOptions.square(size));
      var writer = new dev.align4j.core.shapes.PickapicWriter();
      int[] counts = {pairs, Math.max(1, pairs / 4), Math.max(1, pairs / 4)};
      String[] splits = {"train", "validation_unique", "test_unique"};
      try {
        java.nio.file.Files.createDirectories(out);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      for (int i = 0; i < splits.length; i++) {
        var rows = new dev.align4j.core.shapes.ShapesDataset(renderer, seed + 1000L * i, 2)
            .pickapic(counts[i], noise, ties);
        writer.write(out.resolve(splits[i] + ".parquet"), rows);
      }
      spec.commandLine().getOut().printf("wrote %s/{train,validation_unique,test_unique}.parquet (%d, %d, %d rows, "
          + "%dx%d JPEGs, Pick-a-Pic v2 schema)%n", out, counts[0], counts[1], counts[2], size, size);
    }
  }
}
