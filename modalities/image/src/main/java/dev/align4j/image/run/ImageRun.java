package dev.align4j.image.run;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.align4j.core.config.TrainableConfig;
import dev.align4j.core.data.DataConfig;
import dev.align4j.core.launch.LaunchContext;
import dev.align4j.core.launch.Launcher;
import dev.align4j.core.launch.ModalityRun;
import dev.align4j.core.method.MethodRegistry;
import dev.align4j.core.method.MethodSpec;
import dev.align4j.core.stats.PairedDifference;
import dev.align4j.core.train.Modality;
import dev.align4j.core.train.Reference;
import dev.align4j.core.train.Trainer;
import dev.align4j.core.util.UserError;
import dev.align4j.diffusion.Denoiser;
import dev.align4j.diffusion.SamplerConfig;
import dev.align4j.image.ImageModality;
import dev.align4j.image.ImageModalityOptions;
import dev.align4j.image.UnpairedImageModality;
import dev.align4j.image.data.ImageData;
import dev.align4j.image.data.ImageDatasets;
import dev.align4j.image.data.ImagePair;
import dev.align4j.image.data.LabelledImageExample;
import dev.align4j.image.eval.SampleGrid;
import dev.align4j.image.eval.ShapesScore;
import dev.align4j.image.eval.ShapesCheckerReward;
import dev.align4j.image.method.D3po;
import dev.align4j.image.method.ImageMethods;
import dev.align4j.image.method.Inpo;
import dev.align4j.image.method.Spo;
import dev.align4j.image.method.StepScorer;
import dev.align4j.image.shapes.ShapesImageWorld;
import dev.align4j.image.torchscript.TorchScriptUnet;
import dev.align4j.image.unet.UNetDenoiser;
import dev.align4j.losses.Need;
import dev.align4j.losses.PreferenceLoss;
import dev.align4j.rewards.RewardModel;
import dev.align4j.rewards.RewardRegistry;
import dev.align4j.rewards.Rewards;
import dev.align4j.rewards.onnx.SessionConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * {@code align4j train image}: loads the model, builds or reads preference data, and writes what a person
 * wants to look at around the shared engine: sample grids before and after (the same prompts and seeds) and
 * the held-out samples of both ends, scored.
 *
 * @param <E> a training example: an image pair, a labelled image, or a prompt (online methods)
 */
public final class ImageRun<E> implements ModalityRun<E, Denoiser> {
  /** What a run produced, beyond the engine's result. */
  public record Result(Trainer.Result training, Path gridBefore, Path gridAfter, HeldOutSamples.Scored before,
      HeldOutSamples.Scored after, int trainExamples, int evalExamples, ImageRunConfig config) {}

  private final ImageRunConfig cfg;
  private final Resources resources;
  private final Supplier<Examples<E>> source;
  private final HeldOutSamples.Scored[] ends = new HeldOutSamples.Scored[2];
  private final long[] gridSeeds;
  private Modality<E, Denoiser> modality;
  private List<E> train;
  private List<E> eval;
  private HeldOutSamples heldOut;
  private List<String> gridPrompts;

  /** What a run holds open: the model, the judges and the root manager. */
  private record Resources(ImageModel model, SamplerConfig sampler, RewardModel judge, RewardModel stepJudge,
      NDManager root) implements AutoCloseable {
    @Override
    public void close() {
      try (ImageModel m = model; RewardModel j = judge; RewardModel s = stepJudge) {
        // closed in reverse order
      }
    }
  }

  /**
   * The examples and the modality over them.
   *
   * @param captions where held-out prompts come from when the model is not the shapes world's (whose
   *     held-out prompts are its own)
   */
  private record Examples<E>(Modality<E, Denoiser> modality, List<E> train, List<E> eval, List<String> captions) {}

  /** @param source reads or builds the examples once the trainable set and the reference are fixed */
  private ImageRun(ImageRunConfig cfg, Resources resources, Supplier<Examples<E>> source) {
    this.cfg = cfg;
    this.resources = resources;
    this.source = source;
    this.gridSeeds = new long[cfg.samples().gridSeeds()];
    for (int i = 0; i < gridSeeds.length; i++) gridSeeds[i] = 1000L + i;
  }

  private void load() {
    if (train != null) return;
    Examples<E> x = source.get();
    train = x.train();
    eval = x.eval();
    ImageModel model = resources.model();
    List<String> prompts = model.shapesWorld() ? ShapesImageWorld.heldOutPrompts(cfg.samples().evalPrompts())
        : x.captions().stream().distinct().limit(cfg.samples().evalPrompts()).toList();
    heldOut = new HeldOutSamples(model, resources.sampler(), resources.judge(), prompts,
        cfg.samples().evalSeeds(), cfg.samples().batchSize());
    modality = new EvaluatedModality<>(x.modality(), heldOut, resources.root(), scored -> {
      if (ends[0] == null) ends[0] = scored;
      ends[1] = scored;
    });
    gridPrompts = prompts.stream().limit(cfg.samples().gridPrompts()).toList();
  }

  /**
   * Runs an image training job through the launcher.
   *
   * @param tree the config, overrides applied
   * @param source the config's name in messages
   * @param baseDir relative paths in the config resolve against it
   * @param modelsDir the reward registry's directory (built-in models)
   * @param resume a checkpoint to continue from, or null
   */
  public static Result run(ObjectNode tree, String source, Path baseDir, Path modelsDir, Path output, Path resume,
      PrintStream out) {
    Launcher.Request request = new Launcher.Request(tree, source, baseDir, output, resume, out,
        Map.of(ImageProvider.MODELS_DIR, modelsDir.toString()));
    return (Result) Launcher.launch(new ImageProvider(), request).product();
  }

  /** Checks the data sources, loads model and judges, and reads or builds the examples. */
  static ImageRun<?> open(LaunchContext ctx, PreferenceLoss loss, NDManager root) {
    ImageRunConfig cfg = ImageRunConfig.of(ctx.config(), bindSections(ctx));
    MethodSpec method = method(cfg, loss);
    boolean online = method != null && ImageMethods.ONLINE.contains(method.name());
    int sources = (cfg.data() == null ? 0 : 1) + (cfg.pairs() == null ? 0 : 1) + (cfg.online() == null ? 0 : 1);
    if (sources != 1) {
      throw new UserError("config: give exactly one of data (data.train: FILE), pairs (on-policy pairs from the "
          + "starting model) or online (prompts for SPO / D3PO)");
    }
    if (online != (cfg.online() != null)) {
      throw new UserError(online ? "config: loss " + loss.name() + " samples while it trains: give an online section "
          + "(prompts, reward) instead of data or pairs" : "config: the online section is for spo and d3po, not "
          + loss.name());
    }
    Path modelsDir = ctx.option(ImageProvider.MODELS_DIR) != null ? Path.of(ctx.option(ImageProvider.MODELS_DIR))
        : Rewards.defaultModelsDir();
    Device device = ctx.device();
    SessionConfig onnx = device.isGpu() ? SessionConfig.cuda(device.getDeviceId()) : SessionConfig.cpu();
    RewardRegistry registry = Rewards.registry(modelsDir, onnx);
    PrintStream out = ctx.out();
    ImageModel model = ImageModel.load(cfg.model(), ctx.baseDir(), modelsDir, root, out);
    RewardModel judge = null;
    RewardModel stepJudge = null;
    try {
      judge = ShapesCheckerReward.open(registry, cfg.samples().reward());
      stepJudge = cfg.online() == null ? null : ShapesCheckerReward.open(registry, cfg.online().reward());
      Resources resources = new Resources(model, sampler(model.sampler(), cfg.samples()), judge, stepJudge, root);
      return open(ctx, cfg, resources, registry, loss);
    } catch (RuntimeException e) {
      new Resources(model, null, judge, stepJudge, root).close();
      throw e;
    }
  }

  private static ImageRun<?> open(LaunchContext ctx, ImageRunConfig cfg, Resources r, RewardRegistry registry,
      PreferenceLoss loss) {
    ImageModel model = r.model();
    PrintStream out = ctx.out();
    MethodSpec method = method(cfg, loss);
    if (method != null && ImageMethods.ONLINE.contains(method.name())) {
      return new ImageRun<String>(cfg, r, () -> {
        OnlineConfig oc = cfg.online();
        Set<String> exclude = new LinkedHashSet<>(ShapesImageWorld.heldOutPrompts(4096));
        List<String> prompts = OnPolicyData.prompts(oc.prompts() + oc.evalPrompts(), oc.seed(), exclude);
        List<String> train = prompts.subList(0, oc.prompts());
        List<String> eval = prompts.subList(oc.prompts(), prompts.size());
        return new Examples<>(onlineModality(cfg, model, r.sampler(), r.stepJudge(), method), train, eval, eval);
      });
    }
    ImageModalityOptions options = ImageModalityOptions.of(model.resolution())
        .withTimesteps(cfg.model().minTimestep(), cfg.model().maxTimestep())
        .withCaptionDropout(cfg.model().captionDropout());
    Path pairsDir = ctx.output().toAbsolutePath().resolve("pairs");
    Supplier<DataConfig> data = () -> cfg.pairs() == null ? cfg.data()
        : OnPolicyData.build(cfg.pairs(), model, r.sampler(), registry, pairsDir, out);
    Path dataBase = cfg.pairs() == null ? ctx.baseDir() : pairsDir;
    if (loss.needs().contains(Need.LABELS)) {
      return new ImageRun<LabelledImageExample>(cfg, r, () -> {
        ImageData<LabelledImageExample> d = ImageDatasets.unpaired(data.get(), dataBase, model.resolution());
        report(d, out);
        return new Examples<>(new UnpairedImageModality(model.captions(), model.codec(), model.schedule(), options),
            d.train(), d.eval(), captions(d.eval().isEmpty() ? d.train() : d.eval(), LabelledImageExample::caption));
      });
    }
    return new ImageRun<ImagePair>(cfg, r, () -> {
      ImageData<ImagePair> d = ImageDatasets.paired(data.get(), dataBase, model.resolution());
      report(d, out);
      return new Examples<>(pairedModality(cfg, model, options, method), d.train(), d.eval(),
          captions(d.eval().isEmpty() ? d.train() : d.eval(), ImagePair::caption));
    });
  }

  @Override
  public Denoiser policy() {
    return resources.model().denoiser();
  }

  @Override
  public Modality<E, Denoiser> modality() {
    load();
    return modality;
  }

  @Override
  public List<E> train() {
    load();
    return train;
  }

  @Override
  public List<E> eval() {
    load();
    return eval;
  }

  @Override
  public Object resolvedSections() {
    return new ImageRunConfig.Sections(cfg.model(), cfg.pairs(), cfg.online(), cfg.inpo(), cfg.spo(), cfg.d3po(),
        cfg.samples());
  }

  @Override
  public void applyLora(TrainableConfig t, long seed) {
    if (policy() instanceof UNetDenoiser u && !u.hasAdapters()) {
      u.applyLora(t.rank(), t.loraAlpha().floatValue(), new HashSet<>(t.targetModules()), seed);
    }
  }

  /** A TorchScript UNet records what it tunes, so checkpoints and {@code final/} hold those values. */
  @Override
  public void selectTrainable(Predicate<String> trains) {
    if (policy() instanceof TorchScriptUnet t) {
      t.setTrainable(trains);
    } else {
      ModalityRun.super.selectTrainable(trains);
    }
  }

  @Override
  public boolean needsReference(PreferenceLoss loss) {
    return loss.needs().contains(Need.REFERENCE) || loss.needs().contains(Need.DENOISING);
  }

  @Override
  public Reference<Denoiser> precomputedReference(PreferenceLoss loss) {
    throw new UserError("config: reference.mode precomputed does not apply to images: the terms depend on the "
        + "noise drawn at each step; use frozen_copy or adapters_disabled");
  }

  @Override
  public String bannerDetail() {
    ImageModel model = resources.model();
    return "model " + model.name() + " (" + model.resolution() + "px), ";
  }

  /**
   * The starting model's sample grid; and where the trainer will not evaluate the starting policy (no eval
   * data, or eval_steps 0), its held-out samples are scored here, so every fresh run reports both ends.
   */
  @Override
  public void beforeTraining(LaunchContext ctx) {
    load();
    Path gridBefore = ctx.output().resolve("samples-before.png");
    try {
      Files.createDirectories(ctx.output());
      if (!gridPrompts.isEmpty() && !Files.exists(gridBefore)) {
        SampleGrid.write(gridBefore, resources.model().generator(policy()), gridPrompts, gridSeeds,
            resources.sampler(), 4, resources.root());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (ctx.resume() == null && !Trainer.evaluatesStartingPolicy(cfg.trainer(), !eval.isEmpty())) {
      ends[0] = scoreHeldOut();
    }
  }

  @Override
  public Result finish(LaunchContext ctx, Trainer.Result result) {
    Path output = ctx.output();
    Path gridBefore = output.resolve("samples-before.png");
    Path gridAfter = output.resolve("samples-after.png");
    if (eval.isEmpty() && ends[0] != null) ends[1] = scoreHeldOut();
    try {
      if (!gridPrompts.isEmpty()) {
        SampleGrid.write(gridAfter, resources.model().generator(policy()), gridPrompts, gridSeeds,
            resources.sampler(), 4, resources.root());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (ends[0] != null) heldOut.write(ends[0], output.resolve("samples").resolve("before"));
    if (ends[1] != null && ends[1] != ends[0]) heldOut.write(ends[1], output.resolve("samples").resolve("after"));
    return new Result(result, gridBefore, gridAfter, ends[0], ends[1], train.size(), eval.size(), cfg);
  }

  @Override
  public void close() {
    resources.close();
  }

  private HeldOutSamples.Scored scoreHeldOut() {
    if (heldOut.isEmpty()) return null;
    try (NDManager m = resources.root().newSubManager()) {
      return heldOut.score(policy(), m);
    }
  }

  private static <E> List<String> captions(List<E> examples, java.util.function.Function<E, String> caption) {
    return examples.stream().map(caption).toList();
  }

  /**
   * The image sections of a launch, bound: keys that moved into the method sections, and other methods' keys in
   * a method's section, are reported first with where they belong.
   */
  static ImageRunConfig.Sections bindSections(LaunchContext ctx) {
    MovedKeys.check(ctx.tree(), ctx.source());
    MethodRegistry.load().checkSections(ctx.tree(), ImageMethods.MODALITY, ctx.source());
    return ctx.bindSections(ImageRunConfig.Sections.class);
  }

  /** Binds a whole image config without loading anything (for checks and tests). */
  static ImageRunConfig bind(ObjectNode tree, String source) {
    if (!tree.has("modality")) tree.put("modality", "image");
    Launcher.Checked c = Launcher.check(new ImageProvider(), tree, source, Path.of("."));
    return ImageRunConfig.of(c.shared(), (ImageRunConfig.Sections) c.sections());
  }

  /** The named method the config asks for ({@link MethodRegistry#choose}), or null for a plain loss. */
  static MethodSpec method(ImageRunConfig cfg, PreferenceLoss loss) {
    List<String> sections = new java.util.ArrayList<>();
    if (cfg.inpo() != null) sections.add("inpo");
    if (cfg.spo() != null) sections.add("spo");
    if (cfg.d3po() != null) sections.add("d3po");
    return MethodRegistry.load().choose(ImageMethods.MODALITY, loss.name(), sections, "config");
  }

  private static Modality<ImagePair, Denoiser> pairedModality(ImageRunConfig cfg, ImageModel model,
      ImageModalityOptions options, MethodSpec method) {
    if (method != null && method.name().equals(ImageMethods.INPO.name())) {
      Inpo.Config c = cfg.inpo() == null ? Inpo.Config.defaults() : cfg.inpo();
      return new Inpo(model.captions(), model.codec(), model.schedule(), options, c);
    }
    return new ImageModality(model.captions(), model.codec(), model.schedule(), options);
  }

  /** SPO or D3PO: the policy samples with a stochastic DDIM and the reward judges steps or trajectories. */
  private static Modality<String, Denoiser> onlineModality(ImageRunConfig cfg, ImageModel model, SamplerConfig sampler,
      RewardModel reward, MethodSpec method) {
    OnlineConfig oc = cfg.online();
    SamplerConfig train = sampler.withEta(oc.eta());
    if (oc.samplingSteps() != null) train = train.withSteps(oc.samplingSteps());
    StepScorer scorer = StepScorer.of(reward);
    if (method.name().equals(ImageMethods.SPO.name())) {
      Spo.Config c = cfg.spo() == null ? Spo.Config.defaults() : cfg.spo();
      return new Spo(model.captions(), model.codec(), model.schedule(), train, scorer, c);
    }
    D3po.Config c = cfg.d3po() == null ? D3po.Config.defaults() : cfg.d3po();
    return new D3po(model.captions(), model.codec(), model.schedule(), train, scorer, c);
  }

  private static void report(ImageData<?> d, PrintStream out) {
    if (d.tiesDropped() > 0) out.printf("dropped %d ties of %d rows%n", d.tiesDropped(), d.rowsRead());
    if (d.rowsSkipped() > 0) {
      out.printf("skipped %d bad rows of %d (first: %s)%n", d.rowsSkipped(), d.rowsRead(), d.skipReasons().get(0));
    }
    if (d.train().isEmpty()) throw new UserError("config: no training examples");
  }

  private static SamplerConfig sampler(SamplerConfig base, SamplesConfig s) {
    SamplerConfig c = base;
    if (s.steps() != null) c = c.withSteps(s.steps());
    if (s.guidanceScale() != null) c = c.withGuidance(s.guidanceScale());
    if (s.eta() != null) c = c.withEta(s.eta());
    return c;
  }

  /**
   * "reward 17.999 -> 18.663, +0.664 [+0.258, +1.070], paired t 3.22 (higher on 52% of 256 images); checker
   * score ..." for the summary line: each score's mean at both ends and the paired change with its 95% interval,
   * so a run says itself whether its held-out change is told from noise.
   */
  public static String compare(HeldOutSamples.Scored before, HeldOutSamples.Scored after) {
    StringBuilder s = new StringBuilder();
    if (before.rewards().length > 0) {
      int better = 0;
      for (int i = 0; i < before.rewards().length; i++) if (after.rewards()[i] > before.rewards()[i]) better++;
      s.append(String.format(Locale.ROOT, "reward %.3f -> %.3f, %s (higher on %.0f%% of %d images)",
          before.meanReward(), after.meanReward(),
          PairedDifference.of(before.rewards(), after.rewards()).format("%.3f"),
          100.0 * better / before.rewards().length, before.rewards().length));
    }
    if (before.checker() != null && after.checker() != null) {
      PairedDifference checker = PairedDifference.of(scores(before.checker()), scores(after.checker()));
      s.append(String.format(Locale.ROOT, "%schecker score %.3f -> %.3f, %s; exact matches %.3f -> %.3f",
          s.length() > 0 ? "; " : "", before.checker().meanScore(), after.checker().meanScore(),
          checker.format("%.3f"), before.checker().matchRate(), after.checker().matchRate()));
    }
    return s.toString();
  }

  private static double[] scores(ShapesScore score) {
    return score.scores().stream().mapToDouble(Double::doubleValue).toArray();
  }
}
