package dev.align4j.video.world;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.align4j.core.media.Video;
import dev.align4j.core.util.EmbeddedCache;
import dev.align4j.core.util.FileTrees;
import dev.align4j.core.util.UserError;
import dev.align4j.diffusion.NoiseSchedule;
import dev.align4j.diffusion.SamplerConfig;
import dev.align4j.image.unet.ModelFiles;
import dev.align4j.image.unet.WordCaptionEncoder;
import dev.align4j.video.unet.VideoUNetConfig;
import dev.align4j.video.unet.VideoUNetDenoiser;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The moving-shapes world's base text-to-video model, loaded: the (2+1)D UNet (the policy to tune), its frozen
 * caption encoder, the schedule and the sampler settings, and the directory it came from. A model directory
 * holds {@code model_index.json} (schedule, sampler, recipe, the held-out evaluation measured when it was built),
 * {@code unet/} and {@code caption_encoder/}, as the image world's {@code models/shapes-unet}.
 *
 * <p>{@link #baseModelDir} finds it as the image world finds its own: {@code <models>/shapes-video-unet}, then
 * the cache ({@code shapes-video/base-v1} under {@link EmbeddedCache#root()}), else it is pre-trained with
 * {@link VideoPretrainRecipe#standard()} and cached.
 */
public record VideoBaseModel(VideoUNetDenoiser unet, WordCaptionEncoder encoder, NoiseSchedule schedule,
    SamplerConfig sampler, Path dir) implements AutoCloseable {
  static final String INDEX = "model_index.json";
  private static final String FORMAT = "align4j-shapes-video-diffusion";
  private static final ObjectMapper JSON = JsonMapper.builder()
      .enable(SerializationFeature.INDENT_OUTPUT)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .build();

  /** What {@code model_index.json} holds. */
  record Index(
      @JsonProperty("format") String format,
      @JsonProperty("recipe_version") String recipeVersion,
      @JsonProperty("schedule") Map<String, Object> schedule,
      @JsonProperty("sampler") Map<String, Object> sampler,
      @JsonProperty("recipe") VideoPretrainRecipe recipe,
      @JsonProperty("evaluation") Map<String, Object> evaluation,
      @JsonProperty("tuned_from") String tunedFrom) {}

  /** Generation with this model's networks and schedule at the world's frame rate. */
  public ClipGenerator generator() {
    return new ClipGenerator(unet, encoder, schedule, ShapesVideoWorld.clips().fps());
  }

  /** Loads a model directory ({@code model_index.json}, {@code unet/}, {@code caption_encoder/}). */
  public static VideoBaseModel load(Path dir, NDManager manager) {
    if (readIndex(dir) == null) {
      throw new UserError(dir.resolve(INDEX) + ": no such file or not a " + FORMAT + " model");
    }
    VideoUNetDenoiser unet = VideoUNetDenoiser.load(dir.resolve("unet"), manager);
    try {
      WordCaptionEncoder encoder = WordCaptionEncoder.load(dir.resolve("caption_encoder"), manager);
      return new VideoBaseModel(unet, encoder, ShapesVideoWorld.schedule(), ShapesVideoWorld.sampler(), dir);
    } catch (RuntimeException e) {
      unet.close();
      throw e;
    }
  }

  /**
   * Writes this model, its UNet as it is now (after tuning), as a model directory in {@code out}: a later run can
   * start from it ({@code model.base}), SFT then DPO. The index keeps the base's schedule, sampler and recipe and
   * names the directory it was tuned from; the base's held-out evaluation is not carried over.
   */
  public void saveTuned(Path out) throws IOException {
    Index base = readIndex(dir);
    if (base == null) throw new UserError(dir.resolve(INDEX) + ": no such file or not a " + FORMAT + " model");
    write(out, unet, encoder, new Index(FORMAT, base.recipeVersion(), base.schedule(), base.sampler(), base.recipe(),
        null, dir.toAbsolutePath().normalize().toString()));
  }

  /** Whether {@code dir} holds a model directory of this format (any recipe version). */
  public static boolean isModelDir(Path dir) {
    return readIndex(dir) != null;
  }

  /**
   * The directory of the base model: {@code modelsDir/shapes-video-unet} when it holds this recipe version, else
   * the cached copy, else one pre-trained now with the standard recipe and cached (progress to {@code log}).
   */
  public static Path baseModelDir(Path modelsDir, PrintStream log) {
    Path shipped = modelsDir.resolve(ShapesVideoWorld.MODEL_NAME);
    if (isCurrent(shipped)) return shipped;
    Path cached = EmbeddedCache.root().resolve("shapes-video").resolve("base-" + ShapesVideoWorld.VERSION);
    if (isCurrent(cached)) return cached;
    log.println("building the moving-shapes world's base video model (once; cached in " + cached + ")");
    try {
      build(VideoPretrainRecipe.standard(), cached, log, 32);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return cached;
  }

  /** Whether {@code dir} holds a model of this recipe version with both networks' parameters. */
  public static boolean isCurrent(Path dir) {
    Index index = readIndex(dir);
    return index != null && ShapesVideoWorld.VERSION.equals(index.recipeVersion())
        && Files.isRegularFile(dir.resolve("unet").resolve(ModelFiles.PARAMS))
        && Files.isRegularFile(dir.resolve("caption_encoder").resolve(ModelFiles.PARAMS));
  }

  /** The held-out evaluation recorded when the model in {@code dir} was built (model_index.json). */
  public static Map<String, Object> recordedEvaluation(Path dir) {
    Index index = readIndex(dir);
    if (index == null) throw new UserError(dir.resolve(INDEX) + ": no such file or not a " + FORMAT + " model");
    return index.evaluation();
  }

  private static Index readIndex(Path dir) {
    Path file = dir.resolve(INDEX);
    if (!Files.isRegularFile(file)) return null;
    try {
      Index index = JSON.readValue(file.toFile(), Index.class);
      return FORMAT.equals(index.format()) ? index : null;
    } catch (IOException e) {
      return null;
    }
  }

  /**
   * Pre-trains a base model with {@code recipe} and {@code unetConfig}, evaluates it with the checker on the first
   * {@code evalPrompts} held-out prompts (one clip each, seeds 1..n) and writes it to {@code out}, replaced as a
   * whole. Returns the evaluation.
   */
  public static ClipEvaluation build(VideoPretrainRecipe recipe, VideoUNetConfig unetConfig, Path out,
      PrintStream log, int evalPrompts) throws IOException {
    try (NDManager manager = NDManager.newBaseManager();
        VideoUNetDenoiser unet = VideoUNetDenoiser.create(unetConfig, recipe.seed(), manager);
        WordCaptionEncoder encoder = WordCaptionEncoder.create(ShapesVideoWorld.encoderConfig(), recipe.seed() + 1,
            manager)) {
      log.printf("pre-training the (2+1)D UNet (%,d parameters) and its caption encoder%n", unet.parameterCount());
      VideoPretraining.Figures figures = VideoPretraining.run(unet, encoder, recipe, ShapesVideoWorld.schedule(),
          log);
      encoder.freeze();
      ClipEvaluation score = ClipEvaluation.of(new VideoBaseModel(unet, encoder, ShapesVideoWorld.schedule(),
          ShapesVideoWorld.sampler(), out).generateHeldOut(evalPrompts, manager),
          ShapesVideoWorld.heldOutPrompts(evalPrompts));
      log.println("held-out clips: " + score);
      Map<String, Object> evaluation = new LinkedHashMap<>();
      evaluation.put("prompts", evalPrompts);
      evaluation.put("prompt_seed", ShapesVideoWorld.EVAL_SEED);
      evaluation.put("clip_seeds", "1.." + evalPrompts);
      evaluation.put("instance", round(score.instance()));
      evaluation.put("state", round(score.state()));
      evaluation.put("motion", round(score.motion()));
      evaluation.put("semantic", round(score.semantic()));
      evaluation.put("temporal_consistency", round(score.temporalConsistency()));
      evaluation.put("dynamic_degree", round(score.dynamicDegree()));
      evaluation.put("final_loss", round(figures.lastLoss(50)));
      evaluation.put("pretraining_seconds", round(figures.seconds()));
      evaluation.put("ms_per_step", round(figures.msPerStep()));
      evaluation.put("parameters", unet.parameterCount());
      write(out, unet, encoder, new Index(FORMAT, ShapesVideoWorld.VERSION, scheduleSpec(unetConfig), samplerSpec(),
          recipe, evaluation, null));
      return score;
    }
  }

  /** {@link #build(VideoPretrainRecipe, VideoUNetConfig, Path, PrintStream, int)} with the world's UNet. */
  public static ClipEvaluation build(VideoPretrainRecipe recipe, Path out, PrintStream log, int evalPrompts)
      throws IOException {
    return build(recipe, ShapesVideoWorld.unetConfig(), out, log, evalPrompts);
  }

  /** The first {@code n} held-out prompts, one clip each with seeds 1..n, with this model's sampler. */
  List<Video> generateHeldOut(int n, NDManager manager) {
    long[] seeds = new long[n];
    for (int i = 0; i < n; i++) seeds[i] = i + 1;
    return generator().generate(ShapesVideoWorld.heldOutPrompts(n), seeds, sampler, 16, manager);
  }

  private static void write(Path out, VideoUNetDenoiser unet, WordCaptionEncoder encoder, Index index)
      throws IOException {
    FileTrees.writeFolder(out.toAbsolutePath().normalize(), tmp -> {
      unet.save(tmp.resolve("unet"));
      encoder.save(tmp.resolve("caption_encoder"));
      JSON.writeValue(tmp.resolve(INDEX).toFile(), index);
    });
  }

  private static double round(double v) {
    return Math.round(v * 10000) / 10000.0;
  }

  private static Map<String, Object> scheduleSpec(VideoUNetConfig unetConfig) {
    NoiseSchedule s = ShapesVideoWorld.schedule();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("beta_schedule", s.kind().toString());
    m.put("num_train_timesteps", s.steps());
    m.put("prediction_type", unetConfig.predictionType());
    return m;
  }

  private static Map<String, Object> samplerSpec() {
    SamplerConfig c = ShapesVideoWorld.sampler();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("method", c.method().toString().toLowerCase(Locale.ROOT));
    m.put("steps", c.steps());
    m.put("eta", c.eta());
    m.put("guidance_scale", c.guidanceScale());
    m.put("timestep_spacing", c.spacing().toString());
    m.put("clip_sample", c.clipSample());
    return m;
  }

  @Override
  public void close() {
    unet.close();
    encoder.close();
  }

  /**
   * Builds the shipped model: {@code VideoBaseModel [out-dir] [recipe.yaml] [held-out prompts]} (defaults
   * {@code models/shapes-video-unet}, the committed standard recipe and 64 prompts).
   */
  public static void main(String[] args) throws IOException {
    Path out = Path.of(args.length > 0 ? args[0] : "models/" + ShapesVideoWorld.MODEL_NAME);
    VideoPretrainRecipe recipe = args.length > 1 ? VideoPretrainRecipe.read(Path.of(args[1]))
        : VideoPretrainRecipe.standard();
    int prompts = args.length > 2 ? Integer.parseInt(args[2]) : 64;
    ClipEvaluation score = build(recipe, out, System.out, prompts);
    System.out.println("wrote " + out + ": " + score);
  }
}
