package dev.align4j.video.run;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.align4j.core.config.ConfigLoader;
import dev.align4j.core.launch.Launcher;
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
 * The claim: <b>DPO against frozen/reversed losers raises the held-out motion and semantic scores.</b> Starting
 * from the shipped base model ({@code models/shapes-video-unet}), Diffusion-DPO (VideoDPO's loss, beta
 * {@value #BETA}) on {@code perturbed} pairs, each the caption's noise-free render against the same render frozen
 * at its first frame (breaks the motion level) or played backwards (breaks the semantic level; captions without a
 * direction take the frozen loser instead, "stays still" captions are skipped), should raise the checker's motion
 * and semantic scores of clips drawn for held-out prompts (disjoint from the training prompts; the same prompts
 * and seeds before and after; the world's sampler, DDIM 20, guidance 3), each by a paired t above {@value #MIN_T},
 * while the mean instance score falls by at most {@value #INSTANCE_TOLERANCE}.
 *
 * <p>Not shown (see the test method). The sizes below are the first estimate for about 3 minutes on 2 cores. The same
 * recipe on a randomly initialised UNet of the world's size (32 prompts, 16 held-out clips, 4 steps), on the 2-core
 * development machine while a pre-training and a benchmark ran beside it, took 58 s: about 1.4 s per held-out clip
 * (DDIM 20 with guidance, batches of 16) and 2 s per step on 8 pairs with the reference; the perturbed pairs (renders
 * and edits, no sampling) took 0.4 s. Here {@value #HELD_OUT_PROMPTS} x {@value #HELD_OUT_SEEDS} held-out clips twice
 * are then about 135 s and {@value #STEPS} steps about 80 s: about 3.7 minutes on that busy machine, less on two idle
 * cores. Without the base model the test fails: it is the starting point of the claim, not something to pre-train here.
 * Calibrate with {@link #main}, which runs the same recipe with sizes given as {@code name=value} arguments.
 */
class VideoMethodsBehaviourTest {
  /** The shipped base model, relative to the module directory surefire runs in. */
  static final Path BASE = Path.of("../../models", ShapesVideoWorld.MODEL_NAME).toAbsolutePath().normalize();
  /** The pair builder ({@code perturbed}: losers frozen or reversed; {@code on_policy}: best vs worst). */
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

  /** The verdict of one run: the paired t per level and both ends' means. */
  record Verdict(double motionT, double semanticT, double instanceT, ClipEvaluation before, ClipEvaluation after) {
    @Override
    public String toString() {
      return String.format(Locale.ROOT, "paired t over %d held-out clips: motion %.2f, semantic %.2f, instance %.2f;"
          + " %s", before.clips(), motionT, semanticT, instanceT, VideoProvider.compare(before, after));
    }
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
    assertTrue(VideoBaseModel.isModelDir(BASE), "no base model at " + BASE + ": this test starts from the shipped "
        + "moving-shapes video model; build it with dev.align4j.video.world.VideoBaseModel (docs/video.md) and "
        + "commit it");
    Verdict v = run(BASE, sizes(), dir, System.out);
    System.out.println("perturbed diffusion_dpo: " + v);
    assertTrue(v.motionT() > MIN_T, "held-out motion did not rise clearly: " + v);
    assertTrue(v.semanticT() > MIN_T, "held-out semantic did not rise clearly: " + v);
    assertTrue(v.after().instance() >= v.before().instance() - INSTANCE_TOLERANCE, "instance fell: " + v);
  }

  /** Trains from {@code base} with these sizes under {@code dir} and scores the held-out clips of both ends. */
  static Verdict run(Path base, Sizes s, Path dir, PrintStream log) {
    Path start = base;
    if (s.sftSteps() > 0) {
      // The SFT stage: the same pairs' winners, no held-out sampling (the DPO run's "before" is this model).
      launch(config(base, s, "{loss_type: diffusion_sft}", s.sftSteps(), s.sftBatch(), 0), dir, "sft", log);
      start = dir.resolve("sft").resolve(VideoRun.MODEL);
    }
    String dpo = switch (s.loss()) {
      case "diffusion_dpo" -> "{loss_type: diffusion_dpo, beta: " + s.beta() + ", beta_convention: official}";
      case "diffusion_sft" -> "{loss_type: diffusion_sft}";
      default -> "{loss_type: " + s.loss() + ", beta: " + s.beta() + "}";
    };
    VideoRun.Result r = launch(config(start, s, dpo, s.steps(), s.batch(), s.heldOutPrompts()), dir, "run", log);
    ClipEvaluation before = r.before();
    ClipEvaluation after = r.after();
    return new Verdict(before.change(after, Level.MOTION).t(), before.change(after, Level.SEMANTIC).t(),
        before.change(after, Level.INSTANCE).t(), before, after);
  }

  private static VideoRun.Result launch(ObjectNode config, Path dir, String name, PrintStream log) {
    Launcher.Request request = new Launcher.Request(config, name + ".yaml", dir, dir.resolve(name), null, log,
        Map.of(VideoProvider.MODELS_DIR, BASE.getParent().toString()));
    return (VideoRun.Result) Launcher.launch(new VideoProvider(), request).product();
  }

  static ObjectNode config(Path base, Sizes s, String loss, int steps, int batch, int heldOutPrompts) {
    String yaml = """
        modality: video
        model: {base: %s}
        pairs: {%s, prompts: %d, eval_prompts: %d, seed: %d}
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
        """.formatted(base, builder(s), s.trainPrompts(), s.evalPrompts(), s.pairsSeed(), heldOutPrompts,
        s.heldOutSeeds(), loss, s.learningRate(), steps, batch, s.warmup(), steps, steps, s.seed());
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

  private static String builder(Sizes s) {
    return s.builder().equals("perturbed") ? "builder: perturbed, perturbations: [frozen, reversed]"
        : "builder: " + s.builder() + ", candidates: " + s.candidates() + ", batch_size: 16";
  }

  private static int count(Function<String, String> given, String name, int fallback) {
    return given.apply(name) == null ? fallback : Integer.parseInt(given.apply(name));
  }

  private static double real(Function<String, String> given, String name, double fallback) {
    return given.apply(name) == null ? fallback : Double.parseDouble(given.apply(name));
  }
}
