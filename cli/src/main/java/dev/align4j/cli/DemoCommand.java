package dev.align4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.align4j.benchmarks.WinRate;
import dev.align4j.benchmarks.stats.Bootstrap;
import dev.align4j.core.config.ConfigLoader;
import dev.align4j.core.report.Charts;
import dev.align4j.core.report.HtmlReport;
import dev.align4j.core.report.LineChart;
import dev.align4j.core.train.Checkpoint;
import dev.align4j.core.util.ProcessMemory;
import dev.align4j.image.run.HeldOutSamples;
import dev.align4j.image.run.ImageRun;
import dev.align4j.image.run.ImageRunConfig;
import dev.align4j.losses.LossRegistry;
import dev.align4j.rewards.Rewards;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code align4j demo}: the whole idea in a few minutes with nothing to set up. On-policy pairs from the
 * shipped base image model and reward, a preference method (demo.yaml says which and why), and a report comparing
 * the model before and after on the same held-out prompts and seeds, judged by the reward and the world's checker.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Preference-tune the shipped shapes image model end to end (MaPO on real-vs-generated pairs), "
        + "with an HTML report (about 4 minutes on 2 CPU cores).")
final class DemoCommand implements Runnable {
  static final String CONFIG = "demo.yaml";
  /** demo.yaml's top-level key with the reasons for its recipe, shown in the report (not a run setting). */
  static final String WHY = "why";
  static final String CHECKER = "shapes checker";

  @Option(names = "--set", paramLabel = "KEY=VALUE", description = "override a demo setting, e.g. trainer.max_steps=50")
  List<String> overrides = new ArrayList<>();

  @Option(names = "--output", paramLabel = "DIR", description = "run directory (default runs/demo-<time>)")
  Path output;

  @Option(names = "--models-dir", paramLabel = "DIR", description = "reward registry (default: the built-in models/)")
  Path modelsDir;

  @Option(names = "--resume", paramLabel = "DIR",
      description = "continue a stopped demo from its run directory or one of its checkpoints")
  Path resume;

  @Override
  public void run() {
    PrintStream out = System.out;
    ObjectNode root = demoConfig();
    String why = root.remove(WHY).asText();
    JsonNode defaultLoss = root.get("loss").deepCopy();
    ConfigLoader.override(root, overrides);
    if (!root.get("loss").equals(defaultLoss)) {
      why = "The loss was changed with --set, so the default's reasons do not apply.";
    }
    Path runDir = output != null ? output : resume != null ? runDirOf(resume)
        : Path.of("runs", "demo-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
    long start = System.nanoTime();
    ImageRun.Result r = ImageRun.run(root, "demo", Path.of("").toAbsolutePath(),
        modelsDir != null ? modelsDir : Rewards.defaultModelsDir(), runDir,
        resume == null ? null : Checkpoint.resolve(resume), out);
    ImageRunConfig cfg = r.config();
    double minutes = (System.nanoTime() - start) / 60e9;
    WinRate.Result win = winRate(cfg.samples().reward(), r.after(), r.before());
    WinRate.Result checkerWin = checkerWinRate(r.after(), r.before());
    Path report = report(cfg, r, win, checkerWin, why, runDir, minutes);
    out.println();
    out.printf(Locale.ROOT, "demo: %d %s steps on %d pairs in %.1f min%n", r.training().steps(),
        cfg.loss().get("loss_type"), r.trainExamples(), minutes);
    if (win != null) {
      out.printf(Locale.ROOT, "held-out win rate of the tuned model over the base (%s, %d images): %s; mean reward "
          + "difference %s%n", win.judge(), win.n(), win.winRate().format("%.3f"), win.meanDifference().format("%.3f"));
      if (checkerWin != null) {
        out.printf(Locale.ROOT, "held-out win rate by the %s (ties 0.5): %s; mean score difference %s%n",
            checkerWin.judge(), checkerWin.winRate().format("%.3f"), checkerWin.meanDifference().format("%.3f"));
      }
      out.println("held-out samples, before -> after: " + ImageRun.compare(r.before(), r.after()));
    }
    ProcessMemory.peakResidentBytes().ifPresent(
        b -> out.printf(Locale.ROOT, "peak resident memory: %.0f MiB%n", ProcessMemory.mib(b)));
    out.println("report: " + report.toAbsolutePath());
  }

  /** The run directory of {@code --resume}: the directory itself, or the run above {@code checkpoints/step-N}. */
  static Path runDirOf(Path resume) {
    Path parent = resume.toAbsolutePath().getParent();
    boolean checkpoint = parent != null && parent.getFileName() != null
        && parent.getFileName().toString().equals("checkpoints");
    return checkpoint ? parent.getParent() : resume;
  }

  private static ObjectNode demoConfig() {
    try (InputStream in = DemoCommand.class.getResourceAsStream(CONFIG)) {
      return (ObjectNode) ConfigLoader.YAML.readTree(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A over B: the tuned model's held-out samples against the base model's, image by image. */
  static WinRate.Result winRate(String judge, HeldOutSamples.Scored a, HeldOutSamples.Scored b) {
    if (a == null || b == null || a == b || a.rewards().length == 0) return null;
    double[] sa = new double[a.rewards().length];
    double[] sb = new double[sa.length];
    for (int i = 0; i < sa.length; i++) {
      sa[i] = a.rewards()[i];
      sb[i] = b.rewards()[i];
    }
    return WinRate.fromScores(judge, sa, sb, Bootstrap.of(0));
  }

  /** The same comparison judged by the world's pixel checker (the ground truth the reward model learned). */
  static WinRate.Result checkerWinRate(HeldOutSamples.Scored a, HeldOutSamples.Scored b) {
    if (a == null || b == null || a == b || a.checker() == null || b.checker() == null) return null;
    double[] sa = a.checker().scores().stream().mapToDouble(Double::doubleValue).toArray();
    double[] sb = b.checker().scores().stream().mapToDouble(Double::doubleValue).toArray();
    return sa.length == 0 ? null : WinRate.fromScores(CHECKER, sa, sb, Bootstrap.of(0));
  }

  static Path report(ImageRunConfig cfg, ImageRun.Result r, WinRate.Result win, WinRate.Result checkerWin, String why,
      Path runDir, double minutes) {
    String loss = String.valueOf(cfg.loss().get("loss_type"));
    HtmlReport.Builder b = HtmlReport.builder("align4j demo: " + loss + " in the shapes world");
    b.paragraph(String.format(Locale.ROOT, "Method: %s (%s). %d steps in batches of %d over %d training pairs "
            + "(%d held-out pairs), reference %s, %.1f minutes. The base model drew %d images per prompt%s; the %s "
            + "reward kept the best and the worst as a pair.",
        loss, LossRegistry.spec(loss).source(), r.training().steps(), cfg.trainer().trainBatchSize(),
        r.trainExamples(), r.evalExamples(), cfg.reference().mode(), minutes,
        cfg.pairs().candidates(), cfg.pairs().reference() ? ", scored with the caption's noise-free render" : "",
        cfg.pairs().reward()));
    b.paragraph("Why this recipe: " + why);
    if (win != null) {
      b.section("Tuned vs base on held-out prompts (same seeds)");
      List<List<String>> rows = new ArrayList<>();
      rows.add(List.of("win rate by the " + win.judge() + " reward (ties 0.5)", win.winRate().format("%.3f")));
      rows.add(List.of("mean " + win.judge() + " reward, base -> tuned", String.format(Locale.ROOT, "%.3f -> %.3f",
          win.meanB(), win.meanA())));
      rows.add(List.of("mean reward difference", win.meanDifference().format("%.3f")));
      if (checkerWin != null) {
        rows.add(List.of("win rate by the " + CHECKER + " (ties 0.5)", checkerWin.winRate().format("%.3f")));
        rows.add(List.of("mean " + CHECKER + " score difference", checkerWin.meanDifference().format("%.3f")));
      }
      if (r.before().checker() != null) {
        rows.add(List.of("checker score, base -> tuned", String.format(Locale.ROOT, "%.3f -> %.3f",
            r.before().checker().meanScore(), r.after().checker().meanScore())));
        rows.add(List.of("exact matches, base -> tuned", String.format(Locale.ROOT, "%.3f -> %.3f",
            r.before().checker().matchRate(), r.after().checker().matchRate())));
      }
      b.table(new HtmlReport.Table(win.n() + " images: each held-out prompt x seed drawn by both models; intervals "
          + "are paired bootstrap percentiles (" + win.winRate().resamples() + " resamples)",
          List.of("measure", "value"),
          rows));
    }
    b.section("Samples before and after (the same prompts and seeds)");
    if (java.nio.file.Files.exists(r.gridBefore())) b.image(r.gridBefore(), "base model");
    if (java.nio.file.Files.exists(r.gridAfter())) b.image(r.gridAfter(), "after " + r.training().steps() + " steps");
    b.section("Training curves");
    for (LineChart c : Charts.forRun(runDir)) b.chart(c, c.title());
    Path eval = runDir.resolve("eval.jsonl");
    LineChart reward = Charts.fromJsonl(eval, "held-out reward", cfg.samples().reward(), List.of("eval_reward"));
    if (!reward.series().isEmpty()) b.chart(reward, "mean reward of the held-out samples at each evaluation");
    LineChart checker = Charts.fromJsonl(eval, "held-out checker", "fraction",
        List.of("eval_checker_score", "eval_match_rate"));
    if (!checker.series().isEmpty()) {
      b.chart(checker, "the shapes checker on the same samples: attributes shown (score) and exact matches");
    }
    b.settings(ConfigLoader.YAML.<JsonNode>valueToTree(cfg));
    return b.build().write(runDir);
  }
}
