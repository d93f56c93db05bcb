package dev.align4j.video.world;

import dev.align4j.core.shapes.RenderOptions;
import dev.align4j.diffusion.BetaSchedule;
import dev.align4j.diffusion.NoiseSchedule;
import dev.align4j.diffusion.SamplerConfig;
import dev.align4j.diffusion.TimestepSpacing;
import dev.align4j.image.shapes.ShapesImageWorld;
import dev.align4j.image.unet.WordEncoderConfig;
import dev.align4j.video.shapes.ClipOptions;
import dev.align4j.video.shapes.ClipSampler;
import dev.align4j.video.shapes.Motion;
import dev.align4j.video.shapes.MotionCaption;
import dev.align4j.video.unet.VideoUNetConfig;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;

/**
 * The moving-shapes world's fixed choices for its base model: 8 frames of 16x16 at 8 fps, the caption vocabulary
 * (the image world's words and the motion verbs: the shipped image encoder's vocabulary is fixed in its saved
 * model, so the video world trains an encoder of its own), the cosine schedule, the (2+1)D UNet predicting
 * velocity, the sampler it is judged with, and held-out prompts drawn apart from pre-training.
 */
public final class ShapesVideoWorld {
  /** How configs name the base model. */
  public static final String REF = "embedded:moving-shapes";
  /** Directory name under a models directory. */
  public static final String MODEL_NAME = "shapes-video-unet";
  /** Bump when the recipe, networks or data change, so stale copies are never used. */
  public static final String VERSION = "v1";
  /** Seed of the held-out prompts (independent of pre-training and of pair prompts). */
  public static final long EVAL_SEED = 778;

  private ShapesVideoWorld() {}

  /** The world's clips: 8 frames of 16x16, anti-aliased, light pixel noise. */
  public static ClipOptions clips() {
    return ClipOptions.defaults();
  }

  /** Pre-training clips: the world's, without per-pixel noise (the model would learn to reproduce it). */
  public static ClipOptions trainingClips() {
    ClipOptions c = clips();
    RenderOptions r = c.render();
    return new ClipOptions(c.frames(), c.fps(), new RenderOptions(r.width(), r.height(), r.antialias(), 0,
        r.jitter()));
  }

  /** Every word a motion caption can use, sorted: the image world's words and the motion phrases'. */
  public static List<String> vocabulary() {
    TreeSet<String> words = new TreeSet<>(ShapesImageWorld.vocabulary());
    for (Motion m : Motion.values()) words.addAll(Arrays.asList(m.words().split(" ")));
    return List.copyOf(words);
  }

  /** The noise schedule: cosine (squaredcos_cap_v2) over 1000 timesteps, as the image world's. */
  public static NoiseSchedule schedule() {
    return new NoiseSchedule(BetaSchedule.COSINE, 1000, 0, 0);
  }

  public static VideoUNetConfig unetConfig() {
    return VideoUNetConfig.movingShapes();
  }

  /** The caption encoder: the world's words, 16 tokens, width 64, one transformer layer. */
  public static WordEncoderConfig encoderConfig() {
    return new WordEncoderConfig(vocabulary(), 16, unetConfig().contextDim(), 1, 4);
  }

  /** DDIM, 20 trailing steps, eta 0, guidance 3, x0 clamped (the image world's settings). */
  public static SamplerConfig sampler() {
    return new SamplerConfig(SamplerConfig.Method.DDIM, 20, 0, 3.0, TimestepSpacing.TRAILING, true);
  }

  /** {@code n} distinct captions drawn with {@link #EVAL_SEED}. */
  public static List<String> heldOutPrompts(int n) {
    return prompts(n, EVAL_SEED, Set.of());
  }

  /** {@code n} distinct captions of random scenes drawn with {@code seed}, none of them in {@code exclude}. */
  public static List<String> prompts(int n, long seed, Set<String> exclude) {
    SplittableRandom rnd = new SplittableRandom(seed);
    Set<String> out = new LinkedHashSet<>();
    for (int tries = 0; out.size() < n; tries++) {
      if (tries > 100 * n + 10_000) throw new IllegalStateException("cannot draw " + n + " distinct prompts");
      String caption = MotionCaption.of(ClipSampler.scene(rnd));
      if (!exclude.contains(caption)) out.add(caption);
    }
    return new ArrayList<>(out);
  }
}
