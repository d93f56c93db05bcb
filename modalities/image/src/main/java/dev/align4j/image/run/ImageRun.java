package dev.align4j.image.run;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.align4j.core.config.ConfigLoader;
import dev.align4j.core.config.LossSection;
import dev.align4j.core.data.DataConfig;
import dev.align4j.core.method.MethodRegistry;
import dev.align4j.core.method.MethodSpec;
import dev.align4j.core.train.Devices;
import dev.align4j.core.train.Modality;
import dev.align4j.core.train.NamedParameter;
import dev.align4j.core.train.Progress;
import dev.align4j.core.train.Reference;
import dev.align4j.core.train.Trainer;
import dev.align4j.core.util.UserError;
import dev.align4j.image.Denoiser;
import dev.align4j.image.ImageModality;
import dev.align4j.image.ImageModalityOptions;
import dev.align4j.image.UnpairedImageModality;
import dev.align4j.image.data.ImageData;
import dev.align4j.image.data.ImageDatasets;
import dev.align4j.image.data.ImagePair;
import dev.align4j.image.data.LabelledImageExample;
import dev.align4j.image.diffusion.SamplerConfig;
import dev.align4j.image.eval.SampleGrid;
import dev.align4j.image.method.D3po;
import dev.align4j.image.method.ImageMethods;
import dev.align4j.image.method.Inpo;
import dev.align4j.image.method.Spo;
import dev.align4j.image.method.StepScorer;
import dev.align4j.image.shapes.ShapesImageWorld;
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
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code align4j train image}: loads the model, builds or reads preference data, trains on the shared engine,
 * and writes what a person wants to look at: sample grids before and after (the same prompts and seeds) and
 * the held-out samples of both ends, scored.
 */
public final class ImageRun {
  /** What a run produced, beyond the engine's result. */
  public record Result(Trainer.Result training, Path gridBefore, Path gridAfter, HeldOutSamples.Scored before,
      HeldOutSamples.Scored after, int trainExamples, int evalExamples) {}

  private ImageRun() {}

  /** Binds a YAML tree (overrides applied) to the image config, with unknown keys reported. */
  public static ImageRunConfig bind(ObjectNode root, String source) {
    if (!root.has("modality")) root.put("modality", "image");
    MovedKeys.check(root, source);
    MethodRegistry.load().checkSections(root, ImageMethods.MODALITY, source);
    ImageRunConfig cfg = ConfigLoader.bind(root, ImageRunConfig.class, source, "");
    if (!cfg.modality().equals("image")) {
      throw new UserError(source + ": modality is '" + cfg.modality() + "', but this is 'train image'");
    }
    return cfg;
  }

  /**
   * Runs an image training job.
   *
   * @param baseDir relative paths in the config resolve against it
   * @param modelsDir the reward registry's directory (built-in models)
   * @param resume a checkpoint to continue from, or null
   */
  public static Result run(ImageRunConfig cfg, Path baseDir, Path modelsDir, Path output, Path resume,
      PrintStream out) {
    PreferenceLoss loss = LossSection.build(cfg.loss(), "config");
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
    boolean unpaired = loss.needs().contains(Need.LABELS);
    String configYaml = ConfigLoader.toYaml(cfg);
    Device device = Devices.resolve(cfg.trainer().device());
    SessionConfig onnx = device.isGpu() ? SessionConfig.cuda(device.getDeviceId()) : SessionConfig.cpu();
    RewardRegistry registry = Rewards.registry(modelsDir, onnx);
    try (NDManager root = NDManager.newBaseManager(device);
        ImageModel model = ImageModel.load(cfg.model(), baseDir, modelsDir, root, out);
        RewardModel judge = registry.open(cfg.samples().reward());
        RewardModel stepJudge = cfg.online() == null ? null : registry.open(cfg.online().reward())) {
      Denoiser policy = model.denoiser();
      boolean lora = cfg.trainable().mode().equals("lora");
      if (lora && policy instanceof UNetDenoiser u && !u.hasAdapters()) {
        u.applyLora(cfg.trainable().rank(), cfg.trainable().loraAlpha().floatValue(),
            new HashSet<>(cfg.trainable().targetModules()), cfg.trainer().seed());
      }
      List<NamedParameter> trainable = new ArrayList<>();
      for (NamedParameter p : policy.parameters()) {
        boolean trains = cfg.trainable().trains(p.name());
        p.array().setRequiresGradient(trains);
        if (trains) trainable.add(p);
      }
      SamplerConfig sampler = sampler(model.sampler(), cfg.samples());
      DataConfig data = cfg.data();
      Path dataBase = baseDir;
      if (cfg.pairs() != null) {
        dataBase = output.toAbsolutePath().resolve("pairs");
        data = OnPolicyData.build(cfg.pairs(), model, sampler, registry, dataBase, out);
      }
      ImageModalityOptions options = ImageModalityOptions.of(model.resolution())
          .withTimesteps(cfg.model().minTimestep(), cfg.model().maxTimestep())
          .withCaptionDropout(cfg.model().captionDropout());
      Reference<Denoiser> reference = null;
      if (loss.needs().contains(Need.REFERENCE) || loss.needs().contains(Need.DENOISING)) {
        reference = switch (cfg.reference().resolvedMode(lora)) {
          case "adapters_disabled" -> Reference.adaptersDisabled(policy);
          case "precomputed" -> throw new UserError("config: reference.mode precomputed does not apply to images: "
              + "the terms depend on the noise drawn at each step; use frozen_copy or adapters_disabled");
          default -> Reference.frozenCopy(policy);
        };
      }
      Session session = new Session(cfg, model, sampler, judge, loss, trainable, reference, root, device, output,
          configYaml, resume, out);
      Result result;
      if (online) {
        OnlineConfig oc = cfg.online();
        Set<String> exclude = new LinkedHashSet<>(ShapesImageWorld.heldOutPrompts(4096));
        List<String> prompts = OnPolicyData.prompts(oc.prompts() + oc.evalPrompts(), oc.seed(), exclude);
        List<String> train = prompts.subList(0, oc.prompts());
        List<String> eval = prompts.subList(oc.prompts(), prompts.size());
        result = session.train(onlineModality(cfg, model, sampler, stepJudge, method), train, eval, eval);
      } else if (unpaired) {
        ImageData<LabelledImageExample> d = ImageDatasets.unpaired(data, dataBase, model.resolution());
        report(d, out);
        result = session.train(new UnpairedImageModality(model.captions(), model.codec(), model.schedule(), options),
            d.train(), d.eval(), captions(d.eval().isEmpty() ? d.train() : d.eval(), LabelledImageExample::caption));
      } else {
        ImageData<ImagePair> d = ImageDatasets.paired(data, dataBase, model.resolution());
        report(d, out);
        result = session.train(pairedModality(cfg, model, options, method), d.train(), d.eval(),
            captions(d.eval().isEmpty() ? d.train() : d.eval(), ImagePair::caption));
      }
      if (reference != null) reference.close();
      return result;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** What every image run does around the engine, whatever its examples: grids, held-out samples, training. */
  private record Session(ImageRunConfig cfg, ImageModel model, SamplerConfig sampler, RewardModel judge,
      PreferenceLoss loss, List<NamedParameter> trainable, Reference<Denoiser> reference, NDManager root,
      Device device, Path output, String configYaml, Path resume, PrintStream out) {

    /**
     * @param captions where held-out prompts come from when the model is not the shapes world's (whose
     *     held-out prompts are its own)
     */
    <E> Result train(Modality<E, Denoiser> modality, List<E> train, List<E> eval, List<String> captions)
        throws IOException {
      List<String> prompts = model.shapesWorld() ? ShapesImageWorld.heldOutPrompts(cfg.samples().evalPrompts())
          : captions.stream().distinct().limit(cfg.samples().evalPrompts()).toList();
      HeldOutSamples heldOut = new HeldOutSamples(model, sampler, judge, prompts, cfg.samples().evalSeeds(),
          cfg.samples().batchSize());
      HeldOutSamples.Scored[] ends = new HeldOutSamples.Scored[2];
      Modality<E, Denoiser> m = new EvaluatedModality<>(modality, heldOut, root, scored -> {
        if (ends[0] == null) ends[0] = scored;
        ends[1] = scored;
      });
      Path gridBefore = output.resolve("samples-before.png");
      Path gridAfter = output.resolve("samples-after.png");
      List<String> gridPrompts = prompts.stream().limit(cfg.samples().gridPrompts()).toList();
      long[] gridSeeds = new long[cfg.samples().gridSeeds()];
      for (int i = 0; i < gridSeeds.length; i++) gridSeeds[i] = 1000L + i;
      Files.createDirectories(output);
      Denoiser policy = model.denoiser();
      if (!gridPrompts.isEmpty() && !Files.exists(gridBefore)) {
        SampleGrid.write(gridBefore, model.generator(policy), gridPrompts, gridSeeds, sampler, 4, root);
      }
      banner(out, device, model, train.size(), eval.size(), loss, trainable, cfg, reference, output);
      // The held-out samples are scored when the trainer evaluates; where it does not (no eval data, or
      // eval_steps 0 before the first step), the ends are scored here, so every fresh run reports them.
      if (resume == null && !Trainer.evaluatesStartingPolicy(cfg.trainer(), !eval.isEmpty())) {
        ends[0] = scoreHeldOut(heldOut, policy);
      }
      Trainer.Result result = new Trainer<>(cfg.trainer(), m, policy, reference, loss, trainable, train, eval, output,
          configYaml, Trainer.Options.defaults(), root)
          .train(resume, Progress.console(0, cfg.trainer().totalSteps(train.size())));
      if (eval.isEmpty() && ends[0] != null) ends[1] = scoreHeldOut(heldOut, policy);
      if (!gridPrompts.isEmpty()) {
        SampleGrid.write(gridAfter, model.generator(policy), gridPrompts, gridSeeds, sampler, 4, root);
      }
      if (ends[0] != null) heldOut.write(ends[0], output.resolve("samples").resolve("before"));
      if (ends[1] != null && ends[1] != ends[0]) heldOut.write(ends[1], output.resolve("samples").resolve("after"));
      return new Result(result, gridBefore, gridAfter, ends[0], ends[1], train.size(), eval.size());
    }

    private HeldOutSamples.Scored scoreHeldOut(HeldOutSamples heldOut, Denoiser policy) {
      if (heldOut.isEmpty()) return null;
      try (NDManager m = root.newSubManager()) {
        return heldOut.score(policy, m);
      }
    }
  }

  private static <E> List<String> captions(List<E> examples, java.util.function.Function<E, String> caption) {
    return examples.stream().map(caption).toList();
  }

  /** The named method the config asks for ({@link MethodRegistry#choose}), or null for a plain loss. */
  static MethodSpec method(ImageRunConfig cfg, PreferenceLoss loss) {
    List<String> sections = new ArrayList<>();
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

  private static void banner(PrintStream out, Device device, ImageModel model, int nTrain, int nEval,
      PreferenceLoss loss, List<NamedParameter> trainable, ImageRunConfig cfg, Reference<Denoiser> reference,
      Path output) {
    out.printf("image on %s: model %s (%dpx), %d train / %d eval examples, loss %s, %d trainable tensors (%s), "
            + "reference %s, %d steps -> %s%n", device, model.name(), model.resolution(), nTrain, nEval, loss.name(),
        trainable.size(), cfg.trainable().mode(),
        reference == null ? "none" : reference.mode().toString().toLowerCase(), cfg.trainer().totalSteps(nTrain), output);
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

  /** "reward 0.412 -> 0.530 (better on 61% of images), checker 0.55 -> 0.71, ..." for the summary line. */
  public static String compare(HeldOutSamples.Scored before, HeldOutSamples.Scored after) {
    StringBuilder s = new StringBuilder();
    if (before.rewards().length > 0) {
      int better = 0;
      for (int i = 0; i < before.rewards().length; i++) if (after.rewards()[i] > before.rewards()[i]) better++;
      s.append(String.format("reward %.3f -> %.3f (higher on %.0f%% of %d images)", before.meanReward(),
          after.meanReward(), 100.0 * better / before.rewards().length, before.rewards().length));
    }
    if (before.checker() != null && after.checker() != null) {
      s.append(String.format("%schecker score %.3f -> %.3f, exact matches %.3f -> %.3f", s.length() > 0 ? "; " : "",
          before.checker().meanScore(), after.checker().meanScore(), before.checker().matchRate(),
          after.checker().matchRate()));
    }
    return s.toString();
  }
}
