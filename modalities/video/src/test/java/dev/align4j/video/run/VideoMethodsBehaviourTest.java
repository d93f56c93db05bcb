package dev.align4j.video.run;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.align4j.core.config.ConfigLoader;
import dev.align4j.core.launch.Launcher;
import dev.align4j.core.stats.PairedDifference;
import dev.align4j.core.util.PairsFixture;
import dev.align4j.video.shapes.Level;
import dev.align4j.video.world.ClipEvaluation;
import dev.align4j.video.world.ShapesVideoWorld;
import dev.align4j.video.world.VideoBaseModel;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The video methods on held-out prompts of the moving-shapes world, from the shipped base model
 * ({@code models/shapes-video-unet}): clips drawn for held-out prompts (disjoint from the training prompts; the same
 * prompts and seeds before and after; the world's sampler, DDIM 20, guidance 3), scored per level by the world's
 * checker and compared by a paired t-test.
 *
 * <ul>
 *   <li><b>Shown</b>: MaPO on VideoDPO's on-policy pairs (the shipped fixture) raises the instance level
 *       ({@link #mapoOnCheckerRankedPairsRaisesHeldOutInstance}, about 2.5 minutes on 2 cores).
 *   <li><b>Not shown, disabled</b>: Diffusion-DPO (VideoDPO's loss, beta {@value #BETA}) against frozen or reversed
 *       renders raising motion and semantic, with instance falling by at most {@value #INSTANCE_TOLERANCE}.
 * </ul>
 *
 * <p>Without the base model the tests fail: it is the starting point of the claims, not something to pre-train here.
 * Calibrate with {@link #main}, which runs a recipe with sizes given as {@code name=value} arguments.
 */
class VideoMethodsBehaviourTest {
  /** The shipped base model, relative to the module directory surefire runs in. */
  static final Path BASE = Path.of("../../models", ShapesVideoWorld.MODEL_NAME).toAbsolutePath().normalize();
  /**
   * VideoDPO's on-policy pairs from the shipped base (best vs worst of 4 clips by the checker's mean of levels, gap
   * at least 0.05; from 192 prompts after the first 160, which are held out), built once by
   * {@code tools/fixtures/video-pairs/make.sh} as MP4 files: sampling them took about 6 of a run's 9 minutes.
   */
  static final String FIXTURE = "/fixtures/video-pairs-192.zip";
  /** MaPO's recipe on the fixture: the sizes that differ from the constants below. */
  static final String[] MAPO = {"builder=fixture", "loss=mapo", "beta=0.01", "steps=60", "batch=16", "warmup=10",
      "held_out_prompts=160"};
  /**
   * The pair builder ({@code perturbed}: losers frozen or reversed; {@code on_policy}: best vs worst; {@code
   * fixture}: the shipped on-policy pairs {@value #FIXTURE}, read through {@code data:}).
   */
  static final String BUILDER = "perturbed";
  /** Clips per prompt for {@code on_policy}. */
  static final int CANDIDATES = 4;
  /** Training prompts (about 1 in 9 has no room for its shapes and 1 in 9 stays still: about 200 pairs). */
  static final int TRAIN_PROMPTS = 256;
  /** Evaluation pairs' prompts (the engine's eval loss and reward accuracy at the end; no sampling). */
  static final int EVAL_PROMPTS = 16;
  /** Held-out prompts, each drawn with seeds 1..{@value #HELD_OUT_SEEDS}, before and after. */
  static final int HELD_OUT_PROMPTS = 48;
  static final int HELD_OUT_SEEDS = 1;
  /** The SFT stage on the winners before DPO (0: DPO from the base): steps and clips per step. */
  static final int SFT_STEPS = 0;
  static final int SFT_BATCH = 16;
  /** Optimiser steps, pairs per step, learning rate and warmup (examples/video-dpo.yaml's, shorter). */
  static final int STEPS = 40;
  static final int BATCH = 8;
  static final double LEARNING_RATE = 1.0e-4;
  static final int WARMUP = 5;
  /** The preference loss ({@code diffusion_dpo}, or {@code mapo}: no reference, an SFT term on the winner). */
  static final String LOSS = "diffusion_dpo";
  /** Diffusion-DPO's official beta (VideoDPO's beta_dpo); for MaPO its own beta. */
  static final double BETA = 5000;
  /** The paired t each of the motion and semantic scores must pass. */
  static final double MIN_T = 2.5;
  /** How far the mean instance score may fall. */
  static final double INSTANCE_TOLERANCE = 0.03;
  @TempDir Path dir;

  /** The sizes of one run; the test runs the constants above ({@code sizes()}). */
  record Sizes(String builder, int candidates, int trainPrompts, int evalPrompts, int heldOutPrompts,
      int heldOutSeeds, int sftSteps, int sftBatch,
      int steps, int batch, double learningRate, int warmup, String loss, double beta, int seed, int pairsSeed) {}

  /** The verdict of one run: both ends' held-out clips, and each level's paired change between them. */
  record Verdict(ClipEvaluation before, ClipEvaluation after) {
    PairedDifference change(Level level) {
      return before.change(after, level);
    }

    @Override
    public String toString() {
      return String.format(Locale.ROOT, "paired t over %d held-out clips: motion %.2f, semantic %.2f, instance %.2f;"
          + " %s", before.clips(), change(Level.MOTION).t(), change(Level.SEMANTIC).t(), change(Level.INSTANCE).t(),
          VideoProvider.compare(before, after));
    }
  }

  /**
   * The claim: <b>MaPO on VideoDPO's checker-ranked on-policy pairs raises the held-out instance score</b> (the right
   * shapes and colours in every frame): its 95% paired interval over 160 held-out prompts (the same seeds before and
   * after) lies above zero. MaPO (no reference model): the winner's denoising error plus a margin term, beta 0.01,
   * 60 steps of 16 pairs from {@value #FIXTURE}. Measured (docs/video.md): paired t 2.79 on the fixture (3.89 with
   * trainer seed 2), 2.66 on an earlier draw of it (96 prompts), 3.22 and 3.08 with pairs sampled in the run; the
   * interval rather than t above {@value #MIN_T} is the bar because another machine's rounding is another draw and
   * t 2.66-3.89 leaves 2.5 little room. Motion, semantic and dynamic degree are printed, not asserted: motion fell
   * (t -2.04 over 160 prompts) while dynamic degree rose, the clips move more, less lawfully.
   */
  @Test
  void mapoOnCheckerRankedPairsRaisesHeldOutInstance() {
    Verdict v = run(BASE, sizes(MAPO), dir, System.out);
    System.out.println("on-policy mapo: " + v);
    PairedDifference instance = v.change(Level.INSTANCE);
    assertTrue(instance.lower() > 0, "held-out instance did not rise clearly: " + instance + "; " + v);
  }

  /**
   * Not shown in six recipes (docs/video.md has the table): from the shipped base (v1) on 48 held-out clips, 40
   * steps x 8 pairs gave paired t motion -1.02, semantic 0.97, instance -0.84; 100 x 16 gave -2.18, -0.64, -2.05;
   * an SFT stage first ({@code sft_steps=100}) gave 0.27, 0.79, -1.97; lr 2e-5 and VideoDPO's on-policy pairs did
   * no better (on-policy: motion -2.84). The clips move more but less lawfully. Kept, disabled, as the recipe to
   * measure again on a stronger base model.
   */
  @Test
  @org.junit.jupiter.api.Disabled("not shown in eight recipes, two of them with right gradients: motion falls (t -2.8 "
      + "to 0.3), semantic t at most 1.04 (docs/video.md)")
  void dpoAgainstFrozenAndReversedLosersRaisesHeldOutMotionAndSemantic() {
    Verdict v = run(BASE, sizes(), dir, System.out);
    System.out.println("perturbed diffusion_dpo: " + v);
    assertTrue(v.change(Level.MOTION).t() > MIN_T, "held-out motion did not rise clearly: " + v);
    assertTrue(v.change(Level.SEMANTIC).t() > MIN_T, "held-out semantic did not rise clearly: " + v);
    assertTrue(v.after().instance() >= v.before().instance() - INSTANCE_TOLERANCE, "instance fell: " + v);
  }

  /** Trains from {@code base} with these sizes under {@code dir} and scores the held-out clips of both ends. */
  static Verdict run(Path base, Sizes s, Path dir, PrintStream log) {
    assertTrue(VideoBaseModel.isModelDir(base), "no base model at " + base + ": the video behaviour tests start "
        + "from the shipped moving-shapes video model; build it with dev.align4j.video.world.VideoBaseModel "
        + "(docs/video.md) and commit it");
    if (s.builder().equals("fixture")) {
      try {
        int files = PairsFixture.unpack(VideoMethodsBehaviourTest.class, FIXTURE, dir.resolve("pairs"), base,
            "tools/fixtures/video-pairs/make.sh");
        log.println("on-policy pairs: " + files + " files from " + FIXTURE);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    Path start = base;
    if (s.sftSteps() > 0) {
      // The SFT stage: the same pairs' winners, no held-out sampling (the DPO run's "before" is this model).
      launch(config(base, s, "{loss_type: diffusion_sft}", s.sftSteps(), s.sftBatch(), 0, dir), dir, "sft", log);
      start = dir.resolve("sft").resolve(VideoRun.MODEL);
    }
    String loss = switch (s.loss()) {
      case "diffusion_dpo" -> "{loss_type: diffusion_dpo, beta: " + s.beta() + ", beta_convention: official}";
      case "diffusion_sft" -> "{loss_type: diffusion_sft}";
      default -> "{loss_type: " + s.loss() + ", beta: " + s.beta() + "}";
    };
    VideoRun.Result r = launch(config(start, s, loss, s.steps(), s.batch(), s.heldOutPrompts(), dir), dir, "run", log);
    return new Verdict(r.before(), r.after());
  }

  private static VideoRun.Result launch(ObjectNode config, Path dir, String name, PrintStream log) {
    Launcher.Request request = new Launcher.Request(config, name + ".yaml", dir, dir.resolve(name), null, log,
        Map.of(VideoProvider.MODELS_DIR, BASE.getParent().toString()));
    return (VideoRun.Result) Launcher.launch(new VideoProvider(), request).product();
  }

  static ObjectNode config(Path base, Sizes s, String loss, int steps, int batch, int heldOutPrompts, Path dir) {
    String yaml = """
        modality: video
        model: {base: %s}
        %s
        samples: {eval_prompts: %d, eval_seeds: %d, clips: 4, batch_size: 16}
        loss: %s
        trainable: {mode: full}
        trainer:
          learning_rate: %s
          max_steps: %d
          per_device_train_batch_size: %d
          per_device_eval_batch_size: 16
          lr_scheduler_type: constant_with_warmup
          warmup_steps: %d
          max_grad_norm: 1.0
          logging_steps: 5
          eval_steps: %d
          save_steps: %d
          seed: %d
        """.formatted(base, source(s, dir), heldOutPrompts, s.heldOutSeeds(), loss, s.learningRate(), steps, batch,
        s.warmup(), steps, steps, s.seed());
    try {
      return (ObjectNode) ConfigLoader.YAML.readTree(yaml);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Calibration: the same run with sizes overridden by {@code name=value} arguments ({@code steps=60 batch=16
   * train_prompts=512 held_out_prompts=64 held_out_seeds=2 learning_rate=5e-5 warmup=10 beta=2500
   * eval_prompts=16}), in a fresh temporary directory; prints the verdict and asserts nothing. Run from
   * {@code modalities/video} with the test class path.
   */
  public static void main(String[] args) throws IOException {
    Sizes s = sizes(args);
    Path dir = Files.createTempDirectory("video-behaviour");
    long start = System.nanoTime();
    Verdict v = run(BASE, s, dir, System.out);
    System.out.printf(Locale.ROOT, "%s%n%s%nin %.0f s (run directory %s)%n", s, v, (System.nanoTime() - start) / 1e9,
        dir);
  }

  /** The constants above with {@code name=value} overrides. */
  static Sizes sizes(String... args) {
    Map<String, String> given = new HashMap<>();
    for (String a : args) {
      int eq = a.indexOf('=');
      if (eq <= 0) throw new IllegalArgumentException("expected name=value, got " + a);
      given.put(a.substring(0, eq), a.substring(eq + 1));
    }
    Set<String> known = Set.of("builder", "candidates", "train_prompts", "eval_prompts", "held_out_prompts",
        "held_out_seeds", "sft_steps",
        "sft_batch", "steps", "batch", "learning_rate", "warmup", "loss", "beta", "seed", "pairs_seed");
    for (String name : given.keySet()) {
      if (!known.contains(name)) throw new IllegalArgumentException("unknown size " + name + " (known: " + known + ")");
    }
    Function<String, String> at = given::get;
    return new Sizes(given.getOrDefault("builder", BUILDER), count(at, "candidates", CANDIDATES),
        count(at, "train_prompts", TRAIN_PROMPTS), count(at, "eval_prompts", EVAL_PROMPTS),
        count(at, "held_out_prompts", HELD_OUT_PROMPTS), count(at, "held_out_seeds", HELD_OUT_SEEDS),
        count(at, "sft_steps", SFT_STEPS), count(at, "sft_batch", SFT_BATCH), count(at, "steps", STEPS),
        count(at, "batch", BATCH), real(at, "learning_rate", LEARNING_RATE), count(at, "warmup", WARMUP),
        given.getOrDefault("loss", LOSS), real(at, "beta", BETA), count(at, "seed", 1), count(at, "pairs_seed", 1));
  }

  /** The config's {@code pairs:} section, or its {@code data:} section for the unpacked fixture. */
  private static String source(Sizes s, Path dir) {
    if (s.builder().equals("fixture")) {
      Path pairs = dir.resolve("pairs");
      return "data: {train: " + pairs.resolve("train.jsonl") + ", eval: " + pairs.resolve("eval.jsonl") + "}";
    }
    String builder = s.builder().equals("perturbed") ? "builder: perturbed, perturbations: [frozen, reversed]"
        : "builder: " + s.builder() + ", candidates: " + s.candidates() + ", batch_size: 16";
    return String.format(Locale.ROOT, "pairs: {%s, prompts: %d, eval_prompts: %d, seed: %d}", builder,
        s.trainPrompts(), s.evalPrompts(), s.pairsSeed());
  }

  private static int count(Function<String, String> given, String name, int fallback) {
    return given.apply(name) == null ? fallback : Integer.parseInt(given.apply(name));
  }

  private static double real(Function<String, String> given, String name, double fallback) {
    return given.apply(name) == null ? fallback : Double.parseDouble(given.apply(name));
  }
}
