package dev.align4j.text;

import ai.djl.ndarray.NDManager;
import dev.align4j.core.config.ConfigLoader;
import dev.align4j.core.config.RunConfig;
import dev.align4j.core.config.TrainableConfig;
import dev.align4j.core.data.DataConfig;
import dev.align4j.core.data.DatasetReader;
import dev.align4j.core.data.LoadedData;
import dev.align4j.core.data.PreferenceExample;
import dev.align4j.core.data.Text;
import dev.align4j.core.launch.LaunchContext;
import dev.align4j.core.launch.ModalityRun;
import dev.align4j.core.stats.PairedDifference;
import dev.align4j.core.train.NamedParameter;
import dev.align4j.core.train.Reference;
import dev.align4j.core.train.ReferenceTable;
import dev.align4j.core.train.Trainer;
import dev.align4j.core.util.EmbeddedCache;
import dev.align4j.core.util.UserError;
import dev.align4j.losses.Need;
import dev.align4j.losses.PreferenceLoss;
import dev.align4j.text.task.ArithmeticWorld;
import dev.align4j.text.task.TaskChecker;
import dev.align4j.text.task.TaskEvaluation;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code align4j train text}: the tokenizer, model, data and modality a text run trains with. */
final class TextRun implements ModalityRun<PreferenceExample, TextPolicy> {
  private final LaunchContext context;
  private final TextModelConfig mc;
  private final LoadedData data;
  private final TextTokenizer tokenizer;
  private final TextPolicy policy;
  private final TextEncoder encoder;
  private final TextModality<TextPolicy> modality;

  private TextRun(LaunchContext context, TextModelConfig mc, LoadedData data, TextTokenizer tokenizer,
      TextPolicy policy) {
    this.context = context;
    this.mc = mc;
    this.data = data;
    this.tokenizer = tokenizer;
    this.policy = policy;
    this.encoder = new TextEncoder(tokenizer, ChatTemplate.named(mc.chatTemplate()), mc.maxLength(),
        mc.maxPromptLength());
    this.modality = mc.task().equals("arithmetic")
        ? new CheckedTextModality(encoder, TaskChecker.arithmetic(), mc.evalGenerations(), mc.maxNewTokens())
        : new TextModality<>(encoder);
  }

  /** Reads the data, then loads tokenizer and model. */
  static TextRun open(LaunchContext context, TextModelConfig mc, PreferenceLoss loss, NDManager root) {
    RunConfig config = context.config();
    PrintStream out = context.out();
    if (config.data() == null) throw new UserError("config: the data section is required (data.train: FILE)");
    LoadedData data = DatasetReader.read(config.data(), context.baseDir());
    checkFormat(config.data(), loss);
    if (data.rowsSkipped() > 0) {
      out.printf("skipped %d bad rows of %d (first: %s)%n", data.rowsSkipped(), data.rowsRead(),
          data.skipReasons().get(0));
    }
    TextTokenizer tokenizer = TextTokenizer.load(resolve(mc.tokenizer(), context.baseDir(), true, out));
    try {
      return new TextRun(context, mc, data, tokenizer, loadPolicy(mc, context.baseDir(), root, out));
    } catch (RuntimeException e) {
      tokenizer.close();
      throw e;
    }
  }

  @Override
  public TextPolicy policy() {
    return policy;
  }

  @Override
  public TextModality<TextPolicy> modality() {
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
    return new TextProvider.Sections(mc);
  }

  @Override
  public void applyLora(TrainableConfig t, long seed) {
    if (!(policy instanceof GptPolicy g)) throw new UserError("config: trainable.mode lora needs a GPT model");
    g.gpt().applyLora(t.rank(), t.loraAlpha().floatValue(), new HashSet<>(t.targetModules()), seed);
  }

  /**
   * Reference sums computed once with the starting policy and cached on disk under a fingerprint of the
   * data files, the data section, the tokenizer, the encoding settings and the starting weights.
   */
  @Override
  public Reference<TextPolicy> precomputedReference(PreferenceLoss loss) {
    RunConfig config = context.config();
    Path baseDir = context.baseDir();
    PrintStream out = context.out();
    Set<Need> needs = loss.needs();
    if (needs.contains(Need.TOKENS) || needs.contains(Need.VOCAB_KL)) {
      throw new UserError("config: reference.mode precomputed caches sequence sums, but loss " + loss.name()
          + " needs per-token reference terms; use frozen_copy");
    }
    if (config.data().format() == DataConfig.Format.UNPAIRED) {
      throw new UserError("config: reference.mode precomputed needs paired or listwise data (KTO's mismatched "
          + "pairs change with every batch); use frozen_copy");
    }
    ReferenceTable.Fingerprint fp = new ReferenceTable.Fingerprint()
        .add("recipe", "text-reference-v1")
        .addFile("train", baseDir.resolve(config.data().train()))
        .addFile("eval", config.data().eval() == null ? null : baseDir.resolve(config.data().eval()))
        .add("data", ConfigLoader.toYaml(config.data()))
        .addFile("tokenizer", tokenizer.path())
        .add("encoding", mc.chatTemplate() + "/" + mc.maxLength() + "/" + mc.maxPromptLength());
    for (NamedParameter p : policy.parameters()) fp.add(p.name(), p.array().toByteArray());
    String fingerprint = fp.hex();
    Path file = EmbeddedCache.root().resolve("reference").resolve(fingerprint + ".bin");
    ReferenceTable table;
    if (Files.isRegularFile(file)) {
      table = ReferenceTable.load(file, fingerprint);
      out.printf("reference terms: %d cached sums from %s%n", table.size(), file);
    } else {
      List<PreferenceExample> all = new ArrayList<>(data.train());
      all.addAll(data.eval());
      try (TextPolicy frozen = (TextPolicy) policy.frozenCopy()) {
        table = modality.precompute(frozen, all, config.trainer().evalBatchSize(), fingerprint);
      }
      table.save(file);
      out.printf("reference terms: computed %d sums, cached in %s%n", table.size(), file);
    }
    return Reference.precomputed(table, file);
  }

  @Override
  public Object finish(LaunchContext ctx, Trainer.Result result) {
    PrintStream out = ctx.out();
    if (encoder.truncatedCount() > 0) {
      out.printf("truncation cut %d examples (model.max_length %d, model.max_prompt_length %d)%n",
          encoder.truncatedCount(), mc.maxLength(), mc.maxPromptLength());
    }
    return modality instanceof CheckedTextModality checked ? checked.change() : null;
  }

  @Override
  public void close() {
    try {
      policy.close();
    } finally {
      tokenizer.close();
    }
  }

  private static void checkFormat(DataConfig data, PreferenceLoss loss) {
    boolean unpaired = loss.needs().contains(Need.LABELS);
    boolean listwise = loss.needs().contains(Need.LISTS);
    DataConfig.Format want = unpaired ? DataConfig.Format.UNPAIRED : listwise ? DataConfig.Format.LISTWISE
        : DataConfig.Format.PAIRED;
    if (data.format() != want) {
      throw new UserError("config: loss " + loss.name() + " needs data.format " + want + ", but data.format is "
          + data.format());
    }
  }

  static TextPolicy loadPolicy(TextModelConfig mc, Path baseDir, NDManager root, PrintStream out) {
    if (mc.torchscript() != null) {
      Path file = baseDir.resolve(mc.torchscript());
      if (!Files.isRegularFile(file)) throw new UserError(file + ": no such TorchScript file (model.torchscript)");
      return TorchScriptPolicy.load(file, root);
    }
    return GptPolicy.load(resolve(mc.path(), baseDir, false, out), root);
  }

  /** A path from the config, or an embedded resource ({@code embedded:arithmetic}). */
  static Path resolve(String value, Path baseDir, boolean tokenizer, PrintStream out) {
    if (value.startsWith("embedded:")) {
      if (!value.equals(ArithmeticWorld.REF)) {
        throw new UserError("config: unknown embedded resource '" + value + "' (known: " + ArithmeticWorld.REF + ")");
      }
      return tokenizer ? ArithmeticWorld.tokenizer() : ArithmeticWorld.baseModel(out);
    }
    Path p = baseDir.resolve(value);
    if (!Files.exists(p)) throw new UserError(p + ": no such file or directory");
    return p;
  }

  /** The text modality plus held-out generation scored by an embedded task's checker. */
  static final class CheckedTextModality extends TextModality<TextPolicy> {
    private final TaskChecker checker;
    private final int generations;
    private final int maxNewTokens;
    /** The first and the latest evaluation's per-prompt correctness (1 or 0). */
    private double[] first;
    private double[] last;

    CheckedTextModality(TextEncoder encoder, TaskChecker checker, int generations, int maxNewTokens) {
      super(encoder);
      this.checker = checker;
      this.generations = generations;
      this.maxNewTokens = maxNewTokens;
    }

    @Override
    public Map<String, Double> evaluate(TextPolicy policy, List<PreferenceExample> eval, long seed) {
      List<Text> prompts = new ArrayList<>();
      for (PreferenceExample e : eval.subList(0, Math.min(eval.size(), generations))) prompts.add(promptOf(e));
      Map<String, Double> out = new LinkedHashMap<>();
      boolean[] correct = TaskEvaluation.correct(policy, encoder(), prompts, checker, maxNewTokens);
      out.put("task_accuracy", TaskEvaluation.accuracy(correct));
      last = TaskEvaluation.asScores(correct);
      if (first == null) first = last;
      return out;
    }

    /**
     * The task accuracy's paired change, prompt by prompt, from the run's first evaluation (step 0 unless resumed)
     * to its latest; null before two evaluations.
     */
    PairedDifference change() {
      return first == null || last == first || first.length != last.length || first.length < 2 ? null
          : PairedDifference.of(first, last);
    }
  }
}
