package dev.align4j.rewards.train;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.align4j.core.config.ConfigLoader;
import dev.align4j.core.media.Image;
import dev.align4j.core.shapes.PickapicRow;
import dev.align4j.core.shapes.RenderOptions;
import dev.align4j.core.shapes.RenderStyle;
import dev.align4j.core.shapes.Renderer;
import dev.align4j.core.shapes.ShapePreference;
import dev.align4j.core.shapes.ShapesDataset;
import dev.align4j.core.train.Checkpoint;
import dev.align4j.core.train.Devices;
import dev.align4j.core.train.Objective;
import dev.align4j.core.train.Progress;
import dev.align4j.core.train.Trainer;
import dev.align4j.core.util.UserError;
import dev.align4j.rewards.data.PickapicPairs;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * {@code align4j rewards train} for the image reward models: builds the data, the {@link TwoTower} model (new,
 * or from {@code model.init}) and the objective ({@link ClipObjective} or {@link PickObjective}) from a
 * config, trains on the shared engine (checkpoints, {@code metrics.jsonl}, {@code eval.jsonl}, exact
 * resume), then exports {@code <run>/export}: a registry model directory ({@link OnnxExport}).
 */
public final class RewardTrainingRun {
  private RewardTrainingRun() {}

  /**
   * Runs a {@code clip} or {@code pick} job and returns the exported model directory.
   *
   * @param root the config tree (overrides applied)
   * @param source the config's name for messages
   * @param baseDir relative paths in the config resolve against it
   * @param output the run directory
   * @param resume a checkpoint to continue from, or null
   */
  public static Path run(ObjectNode root, String source, Path baseDir, Path output, Path resume, PrintStream out) {
    RewardRunConfig cfg = ConfigLoader.bind(root, RewardRunConfig.class, source, "");
    boolean clip = cfg.task().equals("clip");
    if (clip && cfg.data().train() != null) {
      throw new UserError(source + ": task clip trains on the shapes world (data.train_pairs); parquet files "
          + "(data.train, data.eval) are for task pick");
    }
    if (clip && cfg.data().tieRate() > 0) throw new UserError(source + ": data.tie_rate is for task pick");
    String configYaml = ConfigLoader.toYaml(cfg);
    ai.djl.Device device = Devices.resolve(cfg.trainer().device());
    long started = System.nanoTime();
    try (NDManager manager = NDManager.newBaseManager(device);
        TwoTowerPolicy policy = startingModel(cfg, baseDir, manager, out);
        TwoTowerInputs inputs = TwoTowerInputs.open(output, policy.model().spec())) {
      List<ShapePair> train = new ArrayList<>();
      List<ShapePair> eval = new ArrayList<>();
      String data = loadData(cfg, clip, baseDir, inputs, train, eval);
      Objective<ShapePair, TwoTowerPolicy> objective = clip
          ? new ClipObjective(inputs, cfg.loss().hardNegatives()) : new PickObjective(inputs);
      int total = cfg.trainer().totalSteps(train.size());
      long params = policy.parameters().stream().mapToLong(p -> p.array().getShape().size()).sum();
      out.printf(Locale.ROOT, "rewards %s on %s: %s; %d train / %d eval pairs, %,d parameters, %d steps -> %s%n",
          cfg.task(), device, data, train.size(), eval.size(), params, total, output);
      Trainer.Result result = Trainer.objective(cfg.trainer(), objective, policy).data(train, eval).runDir(output)
          .configYaml(configYaml).optimizerManager(manager).build().train(resume, Progress.console(0, total));
      double accuracy = result.lastEval().getOrDefault("eval_pair_accuracy", Double.NaN);
      Path exported = OnnxExport.write(policy, info(cfg, accuracy, eval.size()), output.resolve("export"));
      out.printf(Locale.ROOT, "done: %d steps in %.0f s; held-out pair accuracy %.3f (%d pairs)%n", result.steps(),
          (System.nanoTime() - started) / 1e9, accuracy, eval.size());
      out.println("run directory: " + output + " (metrics.jsonl, eval.jsonl, checkpoints/, final/)");
      String name = info(cfg, accuracy, eval.size()).name();
      out.println("exported: " + exported + " (manifest.json, model.onnx, tokenizer.json); to serve it, copy it to "
          + "<models dir>/" + name + " (the registry name is the directory name)");
      return exported;
    }
  }

  /**
   * Exports a checkpoint ({@code checkpoints/step-N}, or a run directory: its latest checkpoint) as a registry
   * model directory {@code to}, named after that directory (the registry's rule) and described by the
   * checkpoint's {@code config.yaml}.
   */
  public static Path export(Path from, Path to, PrintStream out) {
    Path checkpoint = Checkpoint.resolve(from);
    ObjectNode root = ConfigLoader.read(checkpoint.resolve("config.yaml"));
    RewardRunConfig cfg = ConfigLoader.bind(root, RewardRunConfig.class, checkpoint.resolve("config.yaml").toString(),
        "");
    try (NDManager manager = NDManager.newBaseManager();
        TwoTowerPolicy policy = TwoTowerPolicy.load(checkpoint.resolve("model"), manager)) {
      OnnxExport.Info described = info(cfg, Double.NaN, 0);
      String name = to.toAbsolutePath().normalize().getFileName().toString();
      Path exported = OnnxExport.write(policy, new OnnxExport.Info(name, described.description()
          + " (exported from " + checkpoint.getFileName() + ")"), to);
      out.println("exported " + checkpoint + " -> " + exported);
      return exported;
    }
  }

  private static OnnxExport.Info info(RewardRunConfig cfg, double accuracy, int pairs) {
    String name = cfg.export().name() != null ? cfg.export().name() : "reward-" + cfg.task();
    String description = cfg.export().description() != null ? cfg.export().description()
        : (cfg.task().equals("clip") ? "CLIP-style two-tower reward model (symmetric InfoNCE)"
            : "PickScore-style two-tower reward model (softmax over pairs)") + " trained by align4j";
    if (!Double.isNaN(accuracy)) {
      description += String.format(Locale.ROOT, "; held-out pair accuracy %.3f on %d pairs at the end of training",
          accuracy, pairs);
    }
    return new OnnxExport.Info(name, description);
  }

  private static TwoTowerPolicy startingModel(RewardRunConfig cfg, Path baseDir, NDManager manager, PrintStream out) {
    if (cfg.model().init() == null) {
      if (cfg.task().equals("pick")) {
        out.println("note: task pick with no model.init starts from random weights (PickScore starts from a CLIP)");
      }
      return TwoTowerPolicy.create(cfg.model().spec(), cfg.trainer().seed(), manager);
    }
    Path init = baseDir.resolve(cfg.model().init());
    if (!Files.exists(init)) throw new UserError(init + ": no such model (model.init)");
    TwoTowerPolicy policy = TwoTowerPolicy.load(init, manager);
    out.println("starting from " + init);
    return policy;
  }

  /** Fills {@code train} and {@code eval}; returns a one-line description of the data. */
  private static String loadData(RewardRunConfig cfg, boolean clip, Path baseDir, TwoTowerInputs inputs,
      List<ShapePair> train, List<ShapePair> eval) {
    RewardRunConfig.Data d = cfg.data();
    if (d.train() != null) {
      train.addAll(parquet(baseDir.resolve(d.train()), inputs));
      eval.addAll(parquet(baseDir.resolve(d.eval()), inputs));
      return "Pick-a-Pic parquet " + d.train() + " / " + d.eval();
    }
    Renderer renderer = new Renderer(RenderOptions.square(d.renderSize()), d.style());
    ShapesDataset trainWorld = new ShapesDataset(renderer, d.seed(), d.maxEdits());
    ShapesDataset evalWorld = new ShapesDataset(renderer, d.seed() + 1, d.maxEdits());
    if (clip) {
      train.addAll(fitPreferences(trainWorld.preferences(d.trainPairs(), d.labelNoise()), inputs));
      eval.addAll(fitPreferences(evalWorld.preferences(d.evalPairs(), 0), inputs));
    } else {
      train.addAll(fitRows(trainWorld.pickapic(d.trainPairs(), d.labelNoise(), d.tieRate()), inputs));
      eval.addAll(fitRows(evalWorld.pickapic(d.evalPairs(), 0, d.tieRate()), inputs));
    }
    String look = d.augment() == null ? "standard look" : "render augmentation " + d.style()
        + augmentOverlap(d.style());
    return String.format(Locale.ROOT, "shapes world (%dx%d, 1-%d edits, label noise %s, tie rate %s, seed %d; "
        + "held-out pairs seed %d, no label noise; %s)", d.renderSize(), d.renderSize(), d.maxEdits(), d.labelNoise(),
        d.tieRate(), d.seed(), d.seed() + 1, look);
  }

  /** Where the augmentation meets the held-out style: a generalisation test on that style would then be unfair. */
  private static String augmentOverlap(RenderStyle style) {
    List<String> shared = style.overlaps(RenderStyle.HELD_OUT);
    return shared.isEmpty() ? " (apart from the held-out style)" : " (meets the held-out style on " + shared + ")";
  }

  private static List<ShapePair> fitPreferences(List<ShapePreference> prefs, TwoTowerInputs inputs) {
    return IntStream.range(0, prefs.size()).parallel().mapToObj(i -> {
      ShapePreference p = prefs.get(i);
      return new ShapePair(p.caption(), inputs.fit(p.chosen().pixels()),
          inputs.fit(p.rejected().pixels()), 1.0);
    }).toList();
  }

  private static List<ShapePair> fitRows(List<PickapicRow> rows, TwoTowerInputs inputs) {
    return IntStream.range(0, rows.size()).parallel().mapToObj(i -> {
      PickapicRow r = rows.get(i);
      return new ShapePair(r.caption(), inputs.fit(r.image0().pixels()),
          inputs.fit(r.image1().pixels()),
          r.label0());
    }).toList();
  }

  private static List<ShapePair> parquet(Path file, TwoTowerInputs inputs) {
    List<ShapePair> out = new ArrayList<>();
    boolean labels = PickapicPairs.forEach(file, row -> {
      if (Double.isNaN(row.label0())) return;  // no label_0 column: reported below
      if (row.label0() != 0 && row.label0() != 1 && row.label0() != 0.5) {
        throw new UserError(file + ": row " + row.row() + ", column 'label_0': expected 0, 0.5 or 1, got "
            + row.label0());
      }
      out.add(new ShapePair(row.caption(), inputs.fit(row.image0()), inputs.fit(row.image1()), row.label0()));
    });
    if (!labels) throw new UserError(file + ": no column 'label_0' (training needs labels)");
    if (out.isEmpty()) throw new UserError(file + ": no rows");
    return out;
  }
}
