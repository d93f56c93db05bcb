package dev.align4j.image.shapes;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.training.GradientCollector;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.align4j.core.media.Image;
import dev.align4j.core.shapes.CaptionedImage;
import dev.align4j.core.shapes.Relation;
import dev.align4j.core.shapes.RenderOptions;
import dev.align4j.core.shapes.Renderer;
import dev.align4j.core.shapes.ShapeColor;
import dev.align4j.core.shapes.ShapeKind;
import dev.align4j.core.shapes.ShapeSize;
import dev.align4j.core.shapes.ShapesDataset;
import dev.align4j.core.train.AdamW;
import dev.align4j.core.train.GradientClipping;
import dev.align4j.core.train.LrSchedule;
import dev.align4j.core.train.NamedParameter;
import dev.align4j.core.util.EmbeddedCache;
import dev.align4j.core.util.FileTrees;
import dev.align4j.core.util.GracefulStop;
import dev.align4j.core.util.UserError;
import dev.align4j.diffusion.BetaSchedule;
import dev.align4j.diffusion.NoiseSchedule;
import dev.align4j.diffusion.Prediction;
import dev.align4j.diffusion.SamplerConfig;
import dev.align4j.diffusion.SeededNoise;
import dev.align4j.diffusion.TimestepSpacing;
import dev.align4j.image.diffusion.Pixels;
import dev.align4j.image.eval.ShapesEvaluation;
import dev.align4j.image.eval.ShapesScore;
import dev.align4j.image.unet.ModelFiles;
import dev.align4j.image.unet.UNetConfig;
import dev.align4j.image.unet.UNetDenoiser;
import dev.align4j.image.unet.WordCaptionEncoder;
import dev.align4j.image.unet.WordEncoderConfig;
import dev.align4j.rewards.Rewards;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;

/**
 * The embedded shapes world for text-to-image tuning: 32x32 renders of captioned scenes, and its base model, a
 * small UNet and word-level caption encoder briefly pre-trained on noise-free renders (v-prediction, cosine
 * schedule): its samples look like shapes and match their captions clearly above chance but far from always,
 * which is the room preference tuning has to improve.
 *
 * <p>The base model is found, in order: {@code <models>/shapes-unet} (the copy shipped in the repository's
 * {@code models/}, found as {@link Rewards#defaultModelsDir()} finds reward models: {@code $ALIGN4J_HOME/models}
 * else {@code ./models}), then the cache ({@code $ALIGN4J_CACHE}, {@code -Dalign4j.cache} or
 * {@code ~/.cache/align4j}, under {@code shapes-image/}), else it is trained with {@link PretrainRecipe#standard()}
 * (a few minutes on 2 cores) and cached. A copy whose recipe version differs from {@link #VERSION} is ignored.
 *
 * <p>A model directory holds {@code model_index.json} (schedule, sampler defaults, recipe, the held-out
 * evaluation measured when it was built), {@code unet/} ({@link UNetDenoiser}) and {@code caption_encoder/}
 * ({@link WordCaptionEncoder}), as diffusers lays out a pipeline.
 */
public final class ShapesImageWorld {
  /** How configs name this model. */
  public static final String REF = "embedded:shapes";
  /** Directory name under a models directory. */
  public static final String MODEL_NAME = "shapes-unet";
  /** Bump when the recipe, networks or data change, so stale copies are never used. */
  public static final String VERSION = "v2";
  public static final int IMAGE_SIZE = 32;
  /** Seed of the held-out prompts (independent of the pre-training data). */
  public static final long EVAL_SEED = 777;
  /** Held-out prompts (one image each, seeds 1..n) the build evaluates and records. */
  public static final int EVAL_PROMPTS = 64;
  static final String INDEX = "model_index.json";
  private static final String FORMAT = "align4j-shapes-diffusion";
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
      @JsonProperty("recipe") PretrainRecipe recipe,
      @JsonProperty("evaluation") Map<String, Object> evaluation) {}

  private ShapesImageWorld() {}

  /** The renderer of the world's images: 32x32, anti-aliased, light noise and jitter. */
  public static Renderer renderer() {
    return new Renderer(RenderOptions.square(IMAGE_SIZE));
  }

  /**
   * The renderer of the pre-training images: the world's, without per-pixel noise (the base model would learn
   * to reproduce it, and the pixel checker and the reward judge clean shapes).
   */
  public static Renderer trainingRenderer() {
    RenderOptions o = RenderOptions.square(IMAGE_SIZE);
    return new Renderer(new RenderOptions(o.width(), o.height(), o.antialias(), 0, o.jitter()));
  }

  /** Every word a caption of this world can use, sorted. */
  public static List<String> vocabulary() {
    TreeSet<String> words = new TreeSet<>(List.of("a", "an"));
    for (ShapeSize s : ShapeSize.values()) words.add(s.word());
    for (ShapeColor c : ShapeColor.values()) words.add(c.word());
    for (ShapeKind k : ShapeKind.values()) words.add(k.word());
    for (Relation r : Relation.values()) words.addAll(Arrays.asList(r.words().split(" ")));
    return List.copyOf(words);
  }

  /** The noise schedule: cosine (squaredcos_cap_v2) over 1000 timesteps. */
  public static NoiseSchedule schedule() {
    return new NoiseSchedule(BetaSchedule.COSINE, 1000, 0, 0);
  }

  /**
   * The UNet: 32x32 RGB, widths 24/48/64, v-prediction (with the cosine schedule's near-zero signal at the
   * first sampling steps, an epsilon-predictor's x0 estimate blows up and clamping leaks colour noise; a
   * velocity stays well-posed there).
   */
  public static UNetConfig unetConfig() {
    return UNetConfig.shapes().withPrediction(Prediction.V_PREDICTION);
  }

  /** The caption encoder: the world's words, 16 tokens, width 64, one transformer layer. */
  public static WordEncoderConfig encoderConfig() {
    return new WordEncoderConfig(vocabulary(), 16, unetConfig().contextDim(), 1, 4);
  }

  /** How the world samples by default: DDIM, 20 trailing steps, eta 0, guidance 3, x0 clamped. */
  public static SamplerConfig sampler() {
    return new SamplerConfig(SamplerConfig.Method.DDIM, 20, 0, 3.0, TimestepSpacing.TRAILING, true);
  }

  /** {@code n} prompts drawn independently of the pre-training data (seed {@link #EVAL_SEED}). */
  public static List<String> heldOutPrompts(int n) {
    return new ShapesDataset(renderer(), EVAL_SEED, 1).captioned(n).stream().map(CaptionedImage::caption).toList();
  }

  // ---------------------------------------------------------------------------------------------------------
  // Finding, loading and building the base model

  /** The base model from the default models directory, else the cache, else trained now and cached. */
  public static ShapesBaseModel load(NDManager manager, PrintStream log) {
    return load(baseModelDir(Rewards.defaultModelsDir(), log), manager);
  }

  /** Loads a model directory ({@code model_index.json}, {@code unet/}, {@code caption_encoder/}). */
  public static ShapesBaseModel load(Path dir, NDManager manager) {
    Index index = readIndex(dir);
    if (index == null) throw new UserError(dir.resolve(INDEX) + ": no such file (not a shapes diffusion model)");
    UNetDenoiser unet = UNetDenoiser.load(dir.resolve("unet"), manager);
    WordCaptionEncoder encoder;
    try {
      encoder = WordCaptionEncoder.load(dir.resolve("caption_encoder"), manager);
    } catch (RuntimeException e) {
      unet.close();
      throw e;
    }
    return new ShapesBaseModel(unet, encoder, schedule(), sampler(), dir);
  }

  /**
   * The directory of the base model: {@code modelsDir/shapes-unet} when it holds this recipe version, else the
   * cached copy, else one trained now with the standard recipe and cached (progress to {@code log}).
   */
  public static Path baseModelDir(Path modelsDir, PrintStream log) {
    Path shipped = modelsDir.resolve(MODEL_NAME);
    if (isCurrent(shipped)) return shipped;
    Path cached = cacheDir();
    if (isCurrent(cached)) return cached;
    log.println("building the shapes world's base image model (once; cached in " + cached + ")");
    Path work = cached.resolveSibling("." + cached.getFileName() + ".tmp" + System.nanoTime());
    try {
      build(PretrainRecipe.standard(), work, log);
      if (Files.exists(cached)) FileTrees.deleteTree(cached);
      Files.move(work, cached, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      try {
        FileTrees.deleteTree(work);
      } catch (IOException ignored) {
        // a leftover temporary directory is harmless
      }
    }
    return cached;
  }

  /** Where the trained base model is cached. */
  public static Path cacheDir() {
    return EmbeddedCache.root().resolve("shapes-image").resolve("base-" + VERSION);
  }

  /** Whether {@code dir} holds a complete model built by this recipe version. */
  public static boolean isCurrent(Path dir) {
    Index index = readIndex(dir);
    return index != null && VERSION.equals(index.recipeVersion())
        && Files.isRegularFile(dir.resolve("unet").resolve(ModelFiles.PARAMS))
        && Files.isRegularFile(dir.resolve("caption_encoder").resolve(ModelFiles.PARAMS));
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

  /** What the evaluation recorded in a model directory says (empty when none). */
  public static Map<String, Object> recordedEvaluation(Path dir) {
    Index index = readIndex(dir);
    return index == null || index.evaluation() == null ? Map.of() : index.evaluation();
  }

  /**
   * Pre-trains a base model with {@code recipe}, evaluates it on held-out prompts and writes it to {@code out}
   * (replaced as a whole). Deterministic: the same recipe gives the same weights on the same machine and thread
   * count. Returns the held-out evaluation.
   */
  public static ShapesScore build(PretrainRecipe recipe, Path out, PrintStream log) throws IOException {
    return build(recipe, out, log, EVAL_PROMPTS);
  }

  /** {@link #build(PretrainRecipe, Path, PrintStream)} evaluating on the first {@code evalPrompts} held-out prompts. */
  public static ShapesScore build(PretrainRecipe recipe, Path out, PrintStream log, int evalPrompts)
      throws IOException {
    try (NDManager manager = NDManager.newBaseManager()) {
      UNetDenoiser unet = UNetDenoiser.create(unetConfig(), recipe.seed(), manager);
      WordCaptionEncoder encoder = WordCaptionEncoder.create(encoderConfig(), recipe.seed() + 1, manager);
      Map<String, Object> training = pretrain(unet, encoder, recipe, log);
      encoder.freeze();
      int n = evalPrompts;
      long start = System.nanoTime();
      ShapesScore score = ShapesEvaluation.evaluate(new ShapesBaseModel(unet, encoder, schedule(), sampler(), out)
          .generator(), heldOutPrompts(n), seeds(n, 1), sampler(), 64, manager);
      double evalSeconds = (System.nanoTime() - start) / 1e9;
      log.printf("held-out samples (%d prompts, DDIM %d steps, guidance %.1f): %s (%.1f s)%n", n, sampler().steps(),
          sampler().guidanceScale(), score, evalSeconds);
      Map<String, Object> evaluation = new LinkedHashMap<>();
      evaluation.put("prompts", n);
      evaluation.put("prompt_seed", EVAL_SEED);
      evaluation.put("image_seeds", "1.." + n);
      evaluation.put("checker_mean_score", round(score.meanScore()));
      evaluation.put("checker_match_rate", round(score.matchRate()));
      evaluation.putAll(training);
      FileTrees.writeFolder(out.toAbsolutePath().normalize(), tmp -> {
        unet.save(tmp.resolve("unet"));
        encoder.save(tmp.resolve("caption_encoder"));
        JSON.writeValue(tmp.resolve(INDEX).toFile(), new Index(FORMAT, VERSION, scheduleSpec(), samplerSpec(), recipe,
            evaluation));
      });
      unet.close();
      encoder.close();
      return score;
    }
  }

  /** Per-image seeds first, first+1, ... */
  public static long[] seeds(int n, long first) {
    long[] s = new long[n];
    for (int i = 0; i < n; i++) s[i] = first + i;
    return s;
  }

  /**
   * The pre-training loop (the engine's Trainer is built for preference terms; this is plain denoising
   * regression): per step a batch from the image pool ({@link #trainingRenderer()}: noise-free renders),
   * captions dropped to "" at the recipe's rate, t uniform, eps per image from {@link SeededNoise}, loss the mean
   * squared error of the UNet's prediction type (v = sqrt(abar) eps - sqrt(1 - abar) x0) through the UNet and
   * the encoder.
   * Returns timing figures for the model index.
   */
  static Map<String, Object> pretrain(UNetDenoiser unet, WordCaptionEncoder encoder, PretrainRecipe recipe,
      PrintStream log) {
    return pretrain(unet, encoder, recipe, schedule(), trainingRenderer(), log);
  }

  /** The pre-training loop with another schedule and renderer (diagnosis runs compare variants). */
  static Map<String, Object> pretrain(UNetDenoiser unet, WordCaptionEncoder encoder, PretrainRecipe recipe,
      NoiseSchedule schedule, Renderer renderer, PrintStream log) {
    Prediction prediction = unet.prediction();
    long renderStart = System.nanoTime();
    List<CaptionedImage> pool = new ShapesDataset(renderer, recipe.seed(), 1).captioned(recipe.images());
    double renderSeconds = (System.nanoTime() - renderStart) / 1e9;
    List<NamedParameter> params = new ArrayList<>();
    unet.parameters().forEach(p -> params.add(new NamedParameter("unet." + p.name(), p.array())));
    encoder.parameters().forEach(p -> params.add(new NamedParameter("encoder." + p.name(), p.array())));
    NDManager manager = unet.parameters().get(0).array().getManager();
    AdamW optimizer = new AdamW(manager, 0.9, 0.999, 1e-8, 0.0);
    LrSchedule lr = new LrSchedule("cosine", recipe.learningRate(), recipe.warmupSteps(), recipe.steps());
    Random random = new Random(recipe.seed());
    int b = recipe.batchSize();
    double windowLoss = 0;
    int window = 0;
    long start = System.nanoTime();
    long windowStart = start;
    double lastLoss = Double.NaN;
    for (int step = 0; step < recipe.steps(); step++) {
      GracefulStop.check();
      Engine.getInstance().setRandomSeed((int) (recipe.seed() * 31 + step));
      List<String> captions = new ArrayList<>(b);
      List<Image> images = new ArrayList<>(b);
      int[] t = new int[b];
      long[] noiseSeeds = new long[b];
      for (int i = 0; i < b; i++) {
        CaptionedImage item = pool.get(random.nextInt(pool.size()));
        captions.add(random.nextDouble() < recipe.captionDropout() ? "" : item.caption());
        images.add(item.image().pixels());
        t[i] = random.nextInt(schedule.steps());
        noiseSeeds[i] = random.nextLong();
      }
      double loss;
      try (NDScope scope = new NDScope()) {
        NDArray x0 = Pixels.toTensor(manager, images);
        NDArray eps = SeededNoise.gaussian(manager, noiseSeeds, 0, 3, IMAGE_SIZE, IMAGE_SIZE);
        NDArray xt = schedule.addNoise(x0, eps, t);
        NDArray timesteps = timesteps(manager, t);
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
          NDArray context = encoder.encode(captions, manager, true);
          NDArray out = unet.predict(xt, timesteps, context, true);
          NDArray target = schedule.target(prediction, x0, eps, t);
          NDArray l = out.sub(target).square().mean();
          gc.backward(l);
          loss = l.getFloat();
        }
      }
      if (!Double.isFinite(loss)) throw new IllegalStateException("pre-training diverged at step " + (step + 1));
      GradientClipping.clip(params, recipe.maxGradNorm());
      optimizer.step(params, lr.at(step));
      try (NDScope scope = new NDScope()) {
        for (NamedParameter p : params) {
          NDArray g = p.array().getGradient();
          g.subi(g);
        }
      }
      windowLoss += loss;
      window++;
      if ((step + 1) % 50 == 0 || step + 1 == recipe.steps()) {
        double seconds = (System.nanoTime() - windowStart) / 1e9;
        lastLoss = windowLoss / window;
        log.printf("pre-training step %d/%d | loss %.4f | %.1f ms/step | %.0f samples/s%n", step + 1, recipe.steps(),
            lastLoss, 1000 * seconds / window, window * b / seconds);
        windowLoss = 0;
        window = 0;
        windowStart = System.nanoTime();
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    log.printf("pre-training done: %d steps in %.1f s (%.1f ms/step; rendering %d images took %.1f s)%n",
        recipe.steps(), seconds, 1000 * seconds / recipe.steps(), recipe.images(), renderSeconds);
    Map<String, Object> figures = new LinkedHashMap<>();
    figures.put("final_loss", round(lastLoss));
    figures.put("pretraining_seconds", round(seconds));
    figures.put("ms_per_step", round(1000 * seconds / recipe.steps()));
    return figures;
  }

  private static NDArray timesteps(NDManager m, int[] t) {
    long[] v = new long[t.length];
    for (int i = 0; i < t.length; i++) v[i] = t[i];
    try (NDArray blob = m.create(v)) {
      return blob.duplicate();
    }
  }

  private static double round(double v) {
    return Math.round(v * 10000) / 10000.0;
  }

  private static Map<String, Object> scheduleSpec() {
    NoiseSchedule s = schedule();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("beta_schedule", s.kind().toString());
    m.put("num_train_timesteps", s.steps());
    m.put("prediction_type", unetConfig().predictionType());
    return m;
  }

  private static Map<String, Object> samplerSpec() {
    SamplerConfig c = sampler();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("method", c.method().toString().toLowerCase(java.util.Locale.ROOT));
    m.put("steps", c.steps());
    m.put("eta", c.eta());
    m.put("guidance_scale", c.guidanceScale());
    m.put("timestep_spacing", c.spacing().toString());
    m.put("clip_sample", c.clipSample());
    return m;
  }

  /** Regenerates the shipped model: {@code ShapesImageWorld <out-dir>} (default models/shapes-unet). */
  public static void main(String[] args) throws IOException {
    Path out = Path.of(args.length > 0 ? args[0] : "models/" + MODEL_NAME);
    ShapesScore score = build(PretrainRecipe.standard(), out, System.out);
    System.out.println("wrote " + out + ": " + score);
  }
}
