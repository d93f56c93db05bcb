package dev.align4j.distributed;

import dev.align4j.core.util.UserError;
import dev.align4j.rewards.Rewards;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code align4j spark <job>}, and the class {@code spark-submit --class dev.align4j.distributed.Align4jSpark}
 * starts: the jobs with the single-machine commands' options, plus where Spark runs ({@code --master}, taken from
 * spark-submit when it sets one, else {@code local[*]}).
 */
@Command(name = "align4j spark", mixinStandardHelpOptions = true, versionProvider = Align4jSpark.Version.class,
    description = "Reward-model jobs on Apache Spark: results identical to the single-machine commands'.",
    subcommands = {Align4jSpark.Score.class, Align4jSpark.Accuracy.class, Align4jSpark.Pairs.class,
        CommandLine.HelpCommand.class})
public final class Align4jSpark implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  public static void main(String[] args) {
    System.exit(execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /** Runs the command line and returns the exit code: 0 success, 2 a user's mistake, 1 our bug. */
  public static int execute(String[] args, PrintWriter out, PrintWriter err) {
    System.setProperty("ai.djl.offline", System.getProperty("ai.djl.offline", "true"));
    CommandLine cli = new CommandLine(new Align4jSpark());
    cli.setOut(out);
    cli.setErr(err);
    cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      if (e instanceof UserError && e.getMessage() != null) {
        err.println("align4j spark: error: " + e.getMessage().strip().replaceAll("\\s*\\R\\s*", " "));
        err.flush();
        return UserError.EXIT_CODE;
      }
      throw e;
    });
    return cli.execute(args);
  }

  /** The options every job has: where Spark and the models are, and how rows are scored. */
  static final class Common {
    @Option(names = "--master", paramLabel = "URL",
        description = "Spark master: local[*], spark://host:7077, yarn... (default: spark-submit's, else local[*])")
    String master;
    @Option(names = "--models-dir", paramLabel = "DIR",
        description = "registry directory (default: the built-in models/); on a cluster a shared path, or the name "
            + "of a directory shipped with --archives")
    Path modelsDir;
    @Option(names = "--device", defaultValue = "cpu", description = "cpu or cuda[:N] (default ${DEFAULT-VALUE})")
    String device;
    @Option(names = "--batch", defaultValue = "32",
        description = "images per model call inside a partition (default ${DEFAULT-VALUE})")
    int batch;
    @Option(names = "--partitions", defaultValue = "0",
        description = "spread the input over this many partitions (default: as Spark reads it)")
    int partitions;
    @Option(names = "--strict", description = "fail on the first bad row, named (default: reject it and go on)")
    boolean strict;
    @Option(names = "--rejects", paramLabel = "DIR.parquet",
        description = "where bad rows go, with their reason (default: next to --out)")
    String rejects;

    ScoringSpec spec(String reward) {
      Path dir = modelsDir != null ? modelsDir : Rewards.defaultModelsDir();
      // Executors resolve a relative directory against their own working directory: give them an absolute one
      // when it exists here (local runs); otherwise the name stays as given (shipped with the job).
      String resolved = dir.toString();
      if (dir.toFile().isDirectory()) {
        resolved = dir.toAbsolutePath().toString();
        // An unknown name or a broken manifest is said here, once, not by every task.
        Rewards.registry(dir, dev.align4j.rewards.onnx.SessionConfig.cpu()).description(reward);
      }
      return new ScoringSpec(resolved, reward, device, batch, strict);
    }

    /** Runs {@code job} in this JVM's Spark session (a new one, stopped afterwards, unless one is running). */
    <T> T withSpark(String job, Function<SparkSession, T> work) {
      boolean running = SparkSession.getActiveSession().isDefined() || SparkSession.getDefaultSession().isDefined();
      SparkSession.Builder b = SparkSession.builder().appName("align4j " + job);
      if (master != null) b.master(master);
      else if (System.getProperty("spark.master") == null) b.master("local[*]");
      SparkSession spark = b.getOrCreate();
      try {
        return work.apply(spark);
      } finally {
        if (!running) spark.stop();
      }
    }
  }

  /** Strips a trailing {@code .parquet} / {@code .json} for the names of companions. */
  static String stem(String path, String extension) {
    return path.endsWith(extension) ? path.substring(0, path.length() - extension.length()) : path;
  }

  @Command(name = "score", mixinStandardHelpOptions = true,
      description = "Score a Pick-a-Pic parquet (file or directory): the same rows with score_0, score_1, preferred.")
  static final class Score implements Runnable {
    @Option(names = "--reward", required = true, paramLabel = "NAME") String reward;
    @Option(names = "--data", required = true, paramLabel = "PATH.parquet",
        description = "Pick-a-Pic v2 columns: caption, jpg_0, jpg_1 (label_0 kept when present)") String data;
    @Option(names = "--out", paramLabel = "DIR.parquet", description = "scored table (default DATA.scores.parquet)")
    String out;
    @CommandLine.Mixin Common common = new Common();
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
      String target = out != null ? out : stem(data, "/") + ".scores.parquet";
      String rejects = common.rejects != null ? common.rejects : stem(target, ".parquet") + ".rejects.parquet";
      ScoringSpec scoring = common.spec(reward);
      ScoreJob.Result r = common.withSpark("score",
          spark -> ScoreJob.run(spark, data, target, rejects, scoring, common.partitions));
      print(spec, r.lines(reward));
    }
  }

  @Command(name = "reward-accuracy", mixinStandardHelpOptions = true,
      description = "Pick-a-Pic protocol: tie-aware accuracy (tie threshold chosen on --validation) and plain "
          + "accuracy, as a Spark aggregation.")
  static final class Accuracy implements Runnable {
    @Option(names = "--reward", required = true) String reward;
    @Option(names = "--data", required = true, paramLabel = "TEST.parquet") String data;
    @Option(names = "--validation", paramLabel = "VALIDATION.parquet",
        description = "chooses the tie threshold (without it: threshold 0)") String validation;
    @Option(names = "--out", paramLabel = "FILE.json",
        description = "default TEST.parquet.<reward>.accuracy.json") String out;
    @CommandLine.Mixin Common common = new Common();
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
      String target = out != null ? out : stem(data, "/") + "." + reward + ".accuracy.json";
      String rejects = common.rejects != null ? common.rejects : stem(target, ".json") + ".rejects.parquet";
      ScoringSpec scoring = common.spec(reward);
      AccuracyJob.Outcome o = common.withSpark("reward-accuracy",
          spark -> AccuracyJob.run(spark, data, validation, target, rejects, scoring, common.partitions));
      print(spec, o.lines());
    }
  }

  /** The version from the jar's manifest, or "dev" when run from classes. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Align4jSpark.class.getPackage().getImplementationVersion();
      return new String[] {"align4j spark " + (v == null ? "dev" : v) + " (Spark " + org.apache.spark.package$.MODULE$
          .SPARK_VERSION() + ")"};
    }
  }

  @Command(name = "pairs", mixinStandardHelpOptions = true,
      description = "Candidates (prompt_id, caption, image; seed, generator) -> per prompt, best vs worst by the "
          + "reward with a minimum gap -> Pick-a-Pic v2 parquet with provenance.")
  static final class Pairs implements Runnable {
    @Option(names = "--reward", required = true, paramLabel = "NAME") String reward;
    @Option(names = "--data", required = true, paramLabel = "CANDIDATES.parquet",
        description = "columns prompt_id, caption, image (bytes); seed and generator kept when present") String data;
    @Option(names = "--out", paramLabel = "DIR.parquet", description = "pairs (default DATA.pairs.parquet)")
    String out;
    @Option(names = "--min-gap", defaultValue = "0.5",
        description = "minimum score gap between chosen and rejected (default ${DEFAULT-VALUE})") double minGap;
    @CommandLine.Mixin Common common = new Common();
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
      PairsJob.requirePositive(minGap);
      String target = out != null ? out : stem(stem(data, "/"), ".parquet") + ".pairs.parquet";
      String rejects = common.rejects != null ? common.rejects : stem(target, ".parquet") + ".rejects.parquet";
      ScoringSpec scoring = common.spec(reward);
      PairsJob.Result r = common.withSpark("pairs",
          spark -> PairsJob.run(spark, data, target, rejects, scoring, minGap));
      print(spec, r.lines(reward));
    }
  }

  private static void print(CommandLine.Model.CommandSpec spec, List<String> lines) {
    PrintWriter w = spec.commandLine().getOut();
    lines.forEach(w::println);
    w.flush();
  }
}
