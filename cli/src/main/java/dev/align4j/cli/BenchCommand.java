package dev.align4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.align4j.rewards.RewardModel;
import dev.align4j.rewards.RewardRegistry;
import dev.align4j.rewards.accuracy.RewardAccuracy;
import dev.align4j.rewards.data.PickapicPairs;
import java.io.IOException;
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

/** {@code align4j bench ...}: the benchmark harness. */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Benchmarks: reward accuracy, win rates, throughput, JMH microbenchmarks, the Diffusion-DPO step.",
    subcommands = {BenchCommand.RewardAccuracyCommand.class, BenchWinRateCommand.class, BenchThroughputCommand.class,
        BenchJmhCommand.class, BenchDpoStepCommand.class})
final class BenchCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(name = "reward-accuracy", mixinStandardHelpOptions = true,
      description = "Pick-a-Pic protocol: tie-aware accuracy (tie threshold chosen on --validation) and plain "
          + "accuracy.")
  static final class RewardAccuracyCommand implements Runnable {
    @Option(names = "--reward", required = true) String reward;
    @Option(names = "--data", required = true, paramLabel = "TEST.parquet") Path data;
    @Option(names = "--validation", paramLabel = "VALIDATION.parquet",
        description = "chooses the tie threshold (without it: threshold 0)") Path validation;
    @Option(names = "--out", paramLabel = "FILE.json",
        description = "default TEST.parquet.<reward>.accuracy.json") Path out;
    @CommandLine.Mixin RewardModelOptions models = new RewardModelOptions();
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
      RewardRegistry registry = models.registry();
      RewardAccuracy.Tally test;
      RewardAccuracy.Tally val = null;
      try (RewardModel model = registry.open(reward)) {
        test = RewardAccuracy.Tally.of(score(model, data));
        if (validation != null) val = RewardAccuracy.Tally.of(score(model, validation));
      }
      RewardAccuracy.Result result = RewardAccuracy.Result.of(reward, data.toString(), test, val,
          validation == null ? null : validation.toString());
      Path target = out != null ? out : data.resolveSibling(data.getFileName() + "." + reward + ".accuracy.json");
      try {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), result.json());
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      PrintWriter w = spec.commandLine().getOut();
      result.table().forEach(w::println);
      w.printf("wrote %s%n", target);
      w.flush();
    }

    private static List<RewardAccuracy.Scored> score(RewardModel model, Path file) {
      List<RewardAccuracy.Scored> rows = new ArrayList<>();
      boolean labels = PickapicPairs.forEach(file, row -> {
        float[] s = model.score(row.caption(), List.of(row.image0(), row.image1()));
        rows.add(new RewardAccuracy.Scored(s[0], s[1], row.label0()));
      });
      if (!labels) throw new dev.align4j.core.util.UserError(file + ": no label_0 column: accuracy needs labels");
      return rows;
    }
  }
}
