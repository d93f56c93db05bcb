package dev.align4j.video.run;

import ai.djl.ndarray.NDManager;
import dev.align4j.core.config.RunConfig;
import dev.align4j.core.data.DataConfig;
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
import dev.align4j.video.data.ClipFormat;
import dev.align4j.video.data.VideoDatasets;
import dev.align4j.video.dpo.FrameLevels;
import dev.align4j.video.dpo.VideoDpoModality;
import dev.align4j.video.pairs.ClipPair;
import dev.align4j.video.unet.VideoUNetConfig;
import dev.align4j.video.world.ClipEvaluation;
import dev.align4j.video.world.ShapesVideoWorld;
import dev.align4j.video.world.VideoBaseModel;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code align4j train video}: loads the base model, builds pairs ({@link VideoPairSets}) or reads them from data
 * ({@link VideoDatasets}: clips fitted to the model's frames, size and the world's frame rate), and around the
 * shared engine scores the held-out clips of both ends (per level, temporal consistency, dynamic degree) and
 * writes them.
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
  private final DataConfig data;
  private final Path baseDir;
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
    this.data = ctx.config().data();
    this.baseDir = ctx.baseDir();
    VideoSamplesConfig s = sections.samples();
    this.sampler = s.sampler(model.sampler());
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
   * The video sections of a launch: exactly one of {@code data:} (read) and {@code pairs:} (built);
   * {@code videodpo:} with data only; {@code levels:} belongs to {@code levels_dpo} alone, which gets the default
   * weights when it has none.
   */
  static VideoSections bind(LaunchContext ctx, PreferenceLoss loss) {
    VideoSections s = ctx.bindSections(VideoSections.class);
    RunConfig shared = ctx.config();
    if ((shared.data() == null) == (s.pairs() == null)) {
      throw new UserError(ctx.source() + ": give exactly one of data (data.train: a VideoDPO directory or a "
          + "Pick-a-Pic-style video JSONL file) or pairs (pairs built in the moving-shapes world: pairs.builder)");
    }
    if (shared.data() != null) {
      try {
        VideoDatasets.check(shared.data());
      } catch (UserError e) {
        throw new UserError(ctx.source() + ": " + e.getMessage());
      }
    }
    if (s.videodpo() != null && shared.data() == null) {
      throw new UserError(ctx.source() + ": videodpo: says how a VideoDPO directory in data: is read; this config "
          + "builds its pairs (pairs:)");
    }
    boolean levelled = loss.keys().contains(LevelTerms.KEY);
    if (s.levels() != null && !levelled) {
      throw new UserError(ctx.source() + ": levels: is read by loss_type levels_dpo only, not " + loss.name());
    }
    return levelled && s.levels() == null ? s.withLevels(FrameLevels.defaults()) : s;
  }

  private void load() {
    if (train != null) return;
    if (sections.pairs() == null) {
      read();
    } else {
      VideoPairSets.Built built = new VideoPairSets(sections.pairs(), model.generator(), sampler, root)
          .build(ShapesVideoWorld.heldOutPrompts(sections.samples().evalPrompts()), out);
      train = built.train().pairs();
      eval = built.eval().pairs();
    }
    PairsReport.write(train, output.resolve("pairs").resolve("train.jsonl"));
    PairsReport.write(eval, output.resolve("pairs").resolve("eval.jsonl"));
    modality = new VideoDpoModality(model.encoder(), model.schedule(), sections.model().minTimestep(),
        sections.model().maxTimestep(), sections.levels());
  }

  /** The pairs of {@code data:}, every clip fitted to the model's frames at the world's frame rate. */
  private void read() {
    VideoUNetConfig unet = model.unet().config();
    ClipFormat format = new ClipFormat(unet.numFrames(), unet.sampleSize(), ShapesVideoWorld.clips().fps());
    long start = System.nanoTime();
    VideoDatasets.VideoData d = VideoDatasets.read(data, baseDir, format,
        sections.videodpo() == null ? null : sections.videodpo().reader(), model.encoder()::tokenize);
    out.printf("data: %d train / %d eval pairs from %d rows, clips fitted to %d frames of %dx%d at %s fps in "
        + "%.1f s%n", d.train().size(), d.eval().size(), d.rowsRead(), format.frames(), format.size(),
        format.size(), BigDecimal.valueOf(format.fps()).stripTrailingZeros().toPlainString(),
        (System.nanoTime() - start) / 1e9);
    if (d.tiesDropped() > 0) out.printf("dropped %d ties of %d rows%n", d.tiesDropped(), d.rowsRead());
    if (d.rowsSkipped() > 0) {
      out.printf("skipped %d bad rows of %d (first: %s)%n", d.rowsSkipped(), d.rowsRead(), d.skipReasons().get(0));
    }
    train = d.train();
    eval = d.eval();
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
    String source = sections.pairs() != null ? sections.pairs().builder() + " pairs"
        : "data pairs (" + data.train() + ")";
    Path report = VideoReport.write(output, new VideoReport.Run(loss.name(), source,
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
