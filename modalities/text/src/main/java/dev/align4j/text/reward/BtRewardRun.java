package dev.align4j.text.reward;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.common.collect.ImmutableMap;
import dev.align4j.core.config.RunConfig;
import dev.align4j.core.config.TrainableConfig;
import dev.align4j.core.data.DataConfig;
import dev.align4j.core.data.DatasetReader;
import dev.align4j.core.data.LoadedData;
import dev.align4j.core.data.PreferenceExample;
import dev.align4j.core.launch.LaunchContext;
import dev.align4j.core.launch.Launcher;
import dev.align4j.core.launch.ModalityRun;
import dev.align4j.core.launch.SummaryLine;
import dev.align4j.core.media.TextPart;
import dev.align4j.core.train.Trainer;
import dev.align4j.core.util.FileTrees;
import dev.align4j.core.util.UserError;
import dev.align4j.losses.PreferenceLoss;
import dev.align4j.rewards.RewardModel;
import dev.align4j.rewards.RewardRegistry;
import dev.align4j.rewards.manifest.RewardManifest;
import dev.align4j.rewards.onnx.SessionConfig;
import dev.align4j.rewards.scoring.TextPairTokenizer;
import dev.align4j.text.ChatTemplate;
import dev.align4j.text.GptPolicy;
import dev.align4j.text.task.ArithmeticWorld;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code align4j rewards train} for {@code task: bt_text} (also {@code align4j train bt_text}): trains a
 * Bradley-Terry reward model (a scalar head on the small GPT) on preference pairs with the shared engine, then
 * exports it as a registry model directory ({@code text_scalar}: {@code model.onnx}, {@code tokenizer.json},
 * {@code manifest.json}).
 */
final class BtRewardRun implements ModalityRun<PreferenceExample, RewardGpt> {
  /** The loss: {@code cpo} with beta 1 and no NLL term is exactly {@code -log sigmoid(r_chosen - r_rejected)}. */
  static final Map<String, Object> BT_LOSS = Map.of("beta", 1.0, "cpo_alpha", 0.0);
  /**
   * The largest |ONNX Runtime - DJL| score difference the export check accepts, relative to the largest score
   * (at least 1): float32 sums in a different order, not a different graph (those differ by far more). The
   * graph itself is tested to 1e-4 absolute.
   */
  static final double EXPORT_TOLERANCE = 1e-4;
  private static final int VERIFY_PAIRS = 1024;

  private final BtRewardConfig cfg;
  private final RunConfig shared;
  private final LoadedData data;
  private final Path tokenizerFile;
  private final RewardManifest.Text layout;
  private final TextPairTokenizer tokenizer;
  private final RewardGpt model;
  private final BtModality modality;

  private BtRewardRun(BtRewardConfig cfg, RunConfig shared, LoadedData data, Path tokenizerFile,
      RewardManifest.Text layout, TextPairTokenizer tokenizer, RewardGpt model) {
    this.cfg = cfg;
    this.shared = shared;
    this.data = data;
    this.tokenizerFile = tokenizerFile;
    this.layout = layout;
    this.tokenizer = tokenizer;
    this.model = model;
    this.modality = new BtModality(tokenizer, ChatTemplate.named(cfg.model().chatTemplate()),
        model.gpt().config().vocabSize());
  }

  /**
   * Trains and exports.
   *
   * @param root the YAML config, overrides applied; {@code task} must be {@code bt_text}
   * @param source the config's name in messages (its file)
   * @param baseDir where relative paths in the config resolve
   * @param output the run directory (the engine's files: {@code config.yaml}, {@code metrics.jsonl},
   *     {@code eval.jsonl}, {@code checkpoints/}, {@code final/})
   * @param resume a checkpoint directory to continue from, or null
   * @param out progress and summary lines
   * @return the exported model directory, {@code output/export/<export.name>}: open it with
   *     {@code RewardRegistry.builder(dir.getParent())...open(dir.getFileName().toString())}
   */
  static Path run(ObjectNode root, String source, Path baseDir, Path output, Path resume, PrintStream out) {
    String task = root.path("task").asText("");
    if (!task.equals(BtRewardConfig.TASK)) {
      throw new UserError(source + ": task is '" + task + "', but this trains " + BtRewardConfig.TASK + " (set task: "
          + BtRewardConfig.TASK + ")");
    }
    Launcher.Outcome outcome = Launcher.launch(new BtRewardProvider(), new Launcher.Request(root, source, baseDir,
        output, resume, out));
    summary(outcome).forEach(out::println);
    return ((Exported) outcome.product()).dir();
  }

  /** Reads the pairs, then loads tokenizer and model. */
  static BtRewardRun open(LaunchContext ctx, NDManager manager) {
    String source = ctx.source();
    BtRewardConfig cfg = new BtRewardProvider().bindSections(ctx);
    RunConfig shared = ctx.config();
    if (shared.data() == null || shared.data().train() == null) {
      throw new UserError(source + ": the data section is required (data.train: FILE)");
    }
    if (shared.data().format() != DataConfig.Format.PAIRED) {
      throw new UserError(source + ": data.format must be paired for a Bradley-Terry reward model, got "
          + shared.data().format());
    }
    LoadedData data = DatasetReader.read(shared.data(), ctx.baseDir());
    PrintStream out = ctx.out();
    if (data.rowsSkipped() > 0) {
      out.printf("skipped %d bad rows of %d (first: %s)%n", data.rowsSkipped(), data.rowsRead(),
          data.skipReasons().get(0));
    }
    if (data.train().isEmpty()) throw new UserError(source + ": data.train has no examples");
    BtRewardConfig.Model mc = cfg.model();
    Path tokenizerFile = tokenizerFile(mc.tokenizer(), ctx.baseDir());
    RewardManifest.Text layout = new RewardManifest.Text(mc.maxLength(), mc.padToken(), token(mc.bosToken()),
        token(mc.eosToken()), mc.maxPromptLength());
    TextPairTokenizer tokenizer = TextPairTokenizer.load(tokenizerFile, layout);
    RewardGpt model = null;
    try {
      model = loadModel(mc.path(), ctx.baseDir(), shared.trainer().seed(), manager, out);
      int context = model.gpt().config().contextLength();
      if (mc.maxLength() > context) {
        throw new UserError(source + ": model.max_length " + mc.maxLength() + " exceeds the GPT's context length "
            + context);
      }
      return new BtRewardRun(cfg, shared, data, tokenizerFile, layout, tokenizer, model);
    } catch (RuntimeException e) {
      if (model != null) model.close();
      tokenizer.close();
      throw e;
    }
  }

  @Override
  public RewardGpt policy() {
    return model;
  }

  @Override
  public BtModality modality() {
    return modality;
  }

  @Override
  public List<PreferenceExample> train() {
    return data.train();
  }

  @Override
  public List<PreferenceExample> eval() {
    return data.eval();
  }

  @Override
  public Object resolvedSections() {
    return cfg;
  }

  @Override
  public void applyLora(TrainableConfig t, long seed) {
    if (model.hasAdapters()) {
      throw new UserError("config: the model already has LoRA adapters; use trainable.mode full or filter");
    }
    model.gpt().applyLora(t.rank(), t.loraAlpha().floatValue(), new HashSet<>(t.targetModules()), seed);
  }

  @Override
  public boolean alwaysTrains(String parameterName) {
    return parameterName.equals(RewardGpt.HEAD_WEIGHT) || parameterName.equals(RewardGpt.HEAD_BIAS);
  }

  @Override
  public String subject() {
    return "bt_text reward model";
  }

  @Override
  public String unit() {
    return "pairs";
  }

  @Override
  public String lossLabel(PreferenceLoss loss) {
    return "Bradley-Terry loss";
  }

  /**
   * What a run exported.
   *
   * @param dir the registry model directory
   * @param check the export check's line, or null when {@code export.verify} is off
   */
  record Exported(Path dir, String check) {}

  @Override
  public Exported finish(LaunchContext ctx, Trainer.Result result) {
    Path exported = export(model, cfg, shared, tokenizerFile, layout, ctx.output());
    String check = null;
    if (cfg.export().verify()) {
      List<PreferenceExample> pairs = data.eval().isEmpty() ? data.train() : data.eval();
      check = verify(model, modality, exported, pairs.subList(0, Math.min(pairs.size(), VERIFY_PAIRS)),
          data.eval().isEmpty() ? "training" : "held-out");
    }
    return new Exported(exported, check);
  }

  /** The summary, the export check and where the model went. */
  static List<String> summary(Launcher.Outcome outcome) {
    Trainer.Result r = outcome.training();
    Exported e = (Exported) outcome.product();
    List<String> lines = new ArrayList<>();
    lines.add(SummaryLine.of(r)
        .metric("last loss", r.lastMetrics().get("loss"))
        .metric("train accuracy", r.lastMetrics().get("rewards/accuracies"))
        .metric("eval loss", r.lastEval().get("eval_loss"))
        .metric("eval accuracy", r.lastEval().get("eval_rewards/accuracies")).toString());
    if (e.check() != null) lines.add(e.check());
    lines.add("reward model: " + e.dir() + " (manifest.json, model.onnx, tokenizer.json)");
    return lines;
  }

  @Override
  public void close() {
    try {
      model.close();
    } finally {
      tokenizer.close();
    }
  }

  /** The starting model: a saved reward model (head included), or a GPT with a fresh head. */
  private static RewardGpt loadModel(String path, Path baseDir, long seed, NDManager manager, PrintStream out) {
    Path dir;
    if (path.startsWith("embedded:")) {
      if (!path.equals(ArithmeticWorld.REF)) {
        throw new UserError("config: unknown embedded model '" + path + "' (known: " + ArithmeticWorld.REF + ")");
      }
      dir = ArithmeticWorld.baseModel(out);
    } else {
      dir = baseDir.resolve(path);
      if (!Files.isDirectory(dir)) throw new UserError(dir + ": no such model directory (model.path)");
    }
    return RewardGpt.isRewardModel(dir) ? RewardGpt.load(dir, manager)
        : RewardGpt.withNewHead(GptPolicy.load(dir, manager), seed);
  }

  private static Path tokenizerFile(String value, Path baseDir) {
    if (value.startsWith("embedded:")) {
      if (!value.equals(ArithmeticWorld.REF)) {
        throw new UserError("config: unknown embedded tokenizer '" + value + "' (known: " + ArithmeticWorld.REF + ")");
      }
      return ArithmeticWorld.tokenizer();
    }
    Path p = baseDir.resolve(value);
    if (Files.isDirectory(p)) p = p.resolve("tokenizer.json");
    if (!Files.isRegularFile(p)) throw new UserError(p + ": no such tokenizer file (model.tokenizer)");
    return p;
  }

  private static Optional<String> token(String value) {
    return value.isEmpty() ? Optional.empty() : Optional.of(value);
  }

  /** Writes {@code output/export/<name>/} (a temporary sibling first, then renamed) and returns it. */
  static Path export(RewardGpt model, BtRewardConfig cfg, RunConfig shared, Path tokenizerFile,
      RewardManifest.Text layout, Path output) {
    Path exportRoot = output.resolve("export");
    String name = cfg.export().name();
    Path target = exportRoot.resolve(name);
    Path tmp = exportRoot.resolve(".tmp-" + name + "-" + System.nanoTime());
    try {
      Files.createDirectories(tmp);
      RewardGptOnnx.write(model, tmp.resolve("model.onnx"));
      Files.copy(tokenizerFile, tmp.resolve("tokenizer.json"));
      Files.writeString(tmp.resolve("manifest.json"), manifest(model, cfg, shared, layout));
      if (Files.exists(target)) FileTrees.deleteTree(target);
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
      return target;
    } catch (IOException e) {
      FileTrees.deleteQuietly(tmp);
      throw new UncheckedIOException("cannot export the reward model to " + target, e);
    }
  }

  private static String manifest(RewardGpt model, BtRewardConfig cfg, RunConfig shared, RewardManifest.Text layout)
      throws IOException {
    var gpt = model.gpt().config();
    String description = cfg.export().description() != null ? cfg.export().description()
        : String.format("Bradley-Terry reward model (align4j, task bt_text): GPT d_model %d, %d layers, trained on %s; "
            + "%s chat template for message data", gpt.dModel(), gpt.nLayers(), shared.data().train(),
            cfg.model().chatTemplate());
    Map<String, Object> text = new LinkedHashMap<>();
    text.put("max_length", layout.maxLength());
    text.put("max_prompt_length", layout.maxPromptLength());
    text.put("pad_token", layout.padToken());
    layout.bosToken().ifPresent(t -> text.put("bos_token", t));
    layout.eosToken().ifPresent(t -> text.put("eos_token", t));
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", cfg.export().name());
    m.put("description", description);
    m.put("kind", "text_scalar");
    // ordered maps: the same run writes the same bytes
    m.put("files", ImmutableMap.of("model", "model.onnx", "tokenizer", "tokenizer.json"));
    m.put("inputs", ImmutableMap.of("input_ids", RewardGptOnnx.INPUT_IDS, "attention_mask",
        RewardGptOnnx.ATTENTION_MASK));
    m.put("outputs", ImmutableMap.of("score", RewardGptOnnx.SCORE));
    m.put("text", text);
    m.put("score", ImmutableMap.of("formula", "standardize", "mean", 0.0, "std", 1.0));
    return new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(m) + "\n";
  }

  /**
   * Scores {@code pairs} through the registry and ONNX Runtime and through the trained DJL model; fails (our
   * bug) when the two differ by more than {@link #EXPORT_TOLERANCE}. Returns a line with the difference and
   * the pair accuracy through ONNX Runtime.
   */
  static String verify(RewardGpt model, BtModality modality, Path exported, List<PreferenceExample> pairs,
      String what) {
    List<String> prompts = new ArrayList<>();
    List<String> responses = new ArrayList<>();
    List<long[]> rows = new ArrayList<>();
    for (boolean chosen : new boolean[] {true, false}) {
      for (PreferenceExample e : pairs) {
        PreferenceExample.Paired p = BtModality.paired(e);
        prompts.add(modality.promptText(p.prompt()));
        responses.add(modality.completionText(chosen ? p.chosen() : p.rejected()));
        rows.add(modality.ids(p, chosen));
      }
    }
    float[] onnx;
    RewardRegistry registry = RewardRegistry.builder(exported.getParent()).session(SessionConfig.cpu()).build();
    try (RewardModel scorer = registry.open(exported.getFileName().toString())) {
      onnx = scorer.scoreBatch(prompts, TextPart.all(responses));
    }
    float[] djl = new float[rows.size()];
    NDManager m = model.parameters().get(0).array().getManager();
    for (int from = 0; from < rows.size(); from += 256) {
      try (NDScope ignored = new NDScope()) {
        float[] part = BtModality.scores(model, m, rows.subList(from, Math.min(rows.size(), from + 256)), false)
            .toFloatArray();
        System.arraycopy(part, 0, djl, from, part.length);
      }
    }
    double worst = 0;
    double scale = 1;
    for (int i = 0; i < djl.length; i++) {
      worst = Math.max(worst, Math.abs(djl[i] - onnx[i]));
      scale = Math.max(scale, Math.abs(djl[i]));
    }
    if (!(worst <= EXPORT_TOLERANCE * scale)) {
      throw new IllegalStateException("the exported graph " + exported + " disagrees with the trained model: "
          + "max |ONNX Runtime - DJL| = " + worst);
    }
    int n = pairs.size();
    int right = 0;
    for (int i = 0; i < n; i++) if (onnx[i] > onnx[n + i]) right++;
    return String.format("export check: ONNX Runtime matches DJL within %.1e on %d %s sequences; %s pair accuracy "
        + "through ONNX Runtime %.3f", worst, 2 * n, what, what, right / (double) n);
  }
}
