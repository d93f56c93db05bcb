package dev.align4j.video.run;

import ai.djl.ndarray.NDManager;
import dev.align4j.core.config.RunConfig;
import dev.align4j.core.launch.LaunchContext;
import dev.align4j.core.launch.ModalityRun;
import dev.align4j.core.train.Modality;
import dev.align4j.core.train.Trainer;
import dev.align4j.core.util.UserError;
import dev.align4j.diffusion.Denoiser;
import dev.align4j.diffusion.SamplerConfig;
import dev.align4j.losses.LevelTerms;
import dev.align4j.losses.PreferenceLoss;
import dev.align4j.rewards.Rewards;
import dev.align4j.video.dpo.FrameLevels;
import dev.align4j.video.dpo.VideoDpoModality;
import dev.align4j.video.pairs.ClipPair;
import dev.align4j.video.world.ClipEvaluation;
import dev.align4j.video.world.ShapesVideoWorld;
import dev.align4j.video.world.VideoBaseModel;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code align4j train video}: loads the base model, builds pairs ({@link VideoPairSets}), and around the shared
 * engine scores the held-out clips of both ends (per level, temporal consistency, dynamic degree) and writes them.
 */
final class VideoRun implements ModalityRun<ClipPair, Denoiser> {
  /**
   * What a run produced beyond the engine's result.
   *
   * @param before the starting policy's held-out evaluation
   * @param after the tuned policy's
   * @param report the run's {@code report.html}
   */
  record Result(Trainer.Result training, ClipEvaluation before, ClipEvaluation after, int trainPairs, int evalPairs,
      Path samples, Path report) {}

  /** The tuned model as a whole model directory under the run ({@code model.base} of a later run). */
  static final String MODEL = "model";

  private final VideoSections sections;
  private final VideoBaseModel model;
  private final SamplerConfig sampler;
  private final PreferenceLoss loss;
  private final NDManager root;
  private final PrintStream out;
  private final Path output;
  private final HeldOutClips heldOut;
  private VideoDpoModality modality;
  private List<ClipPair> train;
  private List<ClipPair> eval;
  private HeldOutClips.Scored before;

  private VideoRun(VideoSections sections, VideoBaseModel model, PreferenceLoss loss, NDManager root,
      LaunchContext ctx) {
    this.sections = sections;
    this.model = model;
    this.loss = loss;
    this.root = root;
    this.out = ctx.out();
    this.output = ctx.output();
    VideoSamplesConfig s = sections.samples();
    SamplerConfig c = model.sampler();
    if (s.steps() != null) c = c.withSteps(s.steps());
    if (s.guidanceScale() != null) c = c.withGuidance(s.guidanceScale());
    this.sampler = c;
    this.heldOut = new HeldOutClips(ShapesVideoWorld.heldOutPrompts(s.evalPrompts()), s.evalSeeds(), sampler,
        s.batchSize());
  }

  /** Checks the sections against the loss, then loads the model. */
  static VideoRun open(LaunchContext ctx, PreferenceLoss loss, NDManager root) {
    VideoSections sections = bind(ctx, loss);
    Path modelsDir = ctx.option(VideoProvider.MODELS_DIR) != null ? Path.of(ctx.option(VideoProvider.MODELS_DIR))
        : Rewards.defaultModelsDir();
    VideoBaseModel model = VideoModels.load(sections.model(), ctx.baseDir(), modelsDir, root, ctx.out());
    return new VideoRun(sections, model, loss, root, ctx);
  }

  /**
   * The video sections of a launch: {@code data:} is not read yet (built pairs only); {@code levels:} belongs
   * to {@code levels_dpo} alone, which gets the default weights when it has none.
   */
  static VideoSections bind(LaunchContext ctx, PreferenceLoss loss) {
    VideoSections s = ctx.bindSections(VideoSections.class);
    RunConfig shared = ctx.config();
    if (shared.data() != null) {
      throw new UserError(ctx.source() + ": the video modality builds on-policy pairs (pairs:); reading video pair "
          + "datasets (data:) is not wired into train video yet");
    }
    boolean levelled = loss.keys().contains(LevelTerms.KEY);
    if (s.levels() != null && !levelled) {
      throw new UserError(ctx.source() + ": levels: is read by loss_type levels_dpo only, not " + loss.name());
    }
    return levelled && s.levels() == null ? s.withLevels(FrameLevels.defaults()) : s;
  }

  private void load() {
    if (train != null) return;
    VideoPairsConfig p = sections.pairs();
    Set<String> exclude = new LinkedHashSet<>(ShapesVideoWorld.heldOutPrompts(sections.samples().evalPrompts()));
    List<String> prompts = ShapesVideoWorld.prompts(p.prompts() + p.evalPrompts(), p.seed(), exclude);
    VideoPairSets.Built built = new VideoPairSets(p, model.generator(), sampler, root)
        .build(prompts.subList(0, p.prompts()), prompts.subList(p.prompts(), prompts.size()), out);
    PairsReport.write(built.train().pairs(), output.resolve("pairs").resolve("train.jsonl"));
    PairsReport.write(built.eval().pairs(), output.resolve("pairs").resolve("eval.jsonl"));
    train = built.train().pairs();
    eval = built.eval().pairs();
    modality = new VideoDpoModality(model.encoder(), model.schedule(), sections.model().minTimestep(),
        sections.model().maxTimestep(), sections.levels());
  }

  @Override
  public Denoiser policy() {
    return model.unet();
  }

  @Override
  public Modality<ClipPair, Denoiser> modality() {
    load();
    return modality;
  }

  @Override
  public List<ClipPair> train() {
    load();
    return train;
  }

  @Override
  public List<ClipPair> eval() {
    load();
    return eval;
  }

  @Override
  public Object resolvedSections() {
    return sections;
  }

  @Override
  public String bannerDetail() {
    return "model " + model.dir().getFileName() + " (" + model.unet() + "), ";
  }

  @Override
  public String unit() {
    return "pairs";
  }

  /** The starting policy's held-out clips, scored before the first step. */
  @Override
  public void beforeTraining(LaunchContext ctx) {
    load();
    if (!heldOut.isEmpty()) before = score();
  }

  @Override
  public Result finish(LaunchContext ctx, Trainer.Result result) {
    Path samples = output.resolve("samples");
    HeldOutClips.Scored after = heldOut.isEmpty() ? null : score();
    int clips = sections.samples().clips();
    VideoReport.End first = before == null ? null
        : new VideoReport.End(before, HeldOutClips.write(before, samples.resolve("before"), clips));
    VideoReport.End last = after == null ? null
        : new VideoReport.End(after, HeldOutClips.write(after, samples.resolve("after"), clips));
    Path report = VideoReport.write(output, new VideoReport.Run(loss.name(), sections.pairs().builder(),
        model.dir().getFileName().toString(), result, train.size(), eval.size()), first, last);
    try {
      model.saveTuned(output.resolve(MODEL));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Result(result, before == null ? null : before.evaluation(), after == null ? null : after.evaluation(),
        train.size(), eval.size(), samples, report);
  }

  private HeldOutClips.Scored score() {
    try (NDManager m = root.newSubManager()) {
      return heldOut.score(model.generator(), m);
    }
  }

  @Override
  public void close() {
    model.close();
  }
}
