package dev.align4j.video.run;

import ai.djl.ndarray.NDManager;
import com.google.common.base.Preconditions;
import dev.align4j.core.util.UserError;
import dev.align4j.diffusion.SamplerConfig;
import dev.align4j.video.pairs.BuiltPairs;
import dev.align4j.video.pairs.CaptionRenders;
import dev.align4j.video.pairs.ClipCandidates;
import dev.align4j.video.pairs.ClipPair;
import dev.align4j.video.pairs.OnPolicyClipPairs;
import dev.align4j.video.pairs.PerturbedClipPairs;
import dev.align4j.video.pairs.RealVsGeneratedPairs;
import dev.align4j.video.shapes.LevelWeights;
import dev.align4j.video.world.ClipGenerator;
import dev.align4j.video.world.ShapesVideoWorld;
import java.io.PrintStream;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A run's training and evaluation pairs, built by the builder {@code pairs.builder} names from disjoint prompt
 * lists (evaluation prompts with their own seed) that avoid the held-out prompts, with one line saying what was
 * built. {@code train video} and {@code pairs video} both build their pairs here.
 */
final class VideoPairSets {
  /** Seed offset of the evaluation prompts' pairs. */
  static final long EVAL_SEED_OFFSET = 1_000_003L;

  /** The two sets. */
  record Built(BuiltPairs train, BuiltPairs eval) {}

  private final VideoPairsConfig config;
  private final ClipCandidates candidates;
  private final CaptionRenders renders = new CaptionRenders(ShapesVideoWorld.trainingClips());

  /**
   * @param generator draws the candidates with {@code sampler}; null when the builder does not sample
   */
  VideoPairSets(VideoPairsConfig config, ClipGenerator generator, SamplerConfig sampler, NDManager manager) {
    Preconditions.checkArgument(generator != null || !config.pairBuilder().samples(), "%s pairs need a model",
        config.builder());
    this.config = config;
    this.candidates = generator == null ? null : new ClipCandidates(generator, sampler, config.batchSize(), manager);
  }

  /** The seed the training pairs are built from. */
  long trainSeed() {
    return config.seed();
  }

  /** The seed the evaluation pairs are built from. */
  long evalSeed() {
    return config.seed() + EVAL_SEED_OFFSET;
  }

  /**
   * Draws {@code pairs.prompts} training and {@code pairs.eval_prompts} evaluation prompts with {@code pairs.seed},
   * none of them in {@code heldOut}, builds both sets and prints what was built; no training pair is a config
   * error.
   */
  Built build(List<String> heldOut, PrintStream out) {
    long start = System.nanoTime();
    List<String> prompts = ShapesVideoWorld.prompts(config.prompts() + config.evalPrompts(), config.seed(),
        new LinkedHashSet<>(heldOut));
    BuiltPairs train = build(prompts.subList(0, config.prompts()), trainSeed());
    BuiltPairs eval = build(prompts.subList(config.prompts(), prompts.size()), evalSeed());
    out.printf("%s pairs: %d of %d prompts gave a pair (%s) in %.1f s; %d eval pairs%n", config.builder(),
        train.pairs().size(), train.prompts(), describe(train), (System.nanoTime() - start) / 1e9,
        eval.pairs().size());
    if (train.pairs().isEmpty()) throw new UserError("config: no training pairs (" + noPairs() + ")");
    return new Built(train, eval);
  }

  private BuiltPairs build(List<String> prompts, long seed) {
    return switch (config.pairBuilder()) {
      case ON_POLICY -> OnPolicyClipPairs.build(candidates, prompts, config.candidates(), config.minGap(),
          LevelWeights.LEVELS, config.dupbeta(), config.dupBins(), seed);
      case REAL_VS_GENERATED -> RealVsGeneratedPairs.build(candidates, renders, prompts, config.candidates(), seed);
      case PERTURBED -> PerturbedClipPairs.build(renders, prompts, config.perturbationKinds(), seed);
    };
  }

  private String describe(BuiltPairs built) {
    return switch (config.pairBuilder()) {
      case ON_POLICY -> String.format("%d clips each, checker mean of levels, min gap %.3f%s", config.candidates(),
          config.minGap(), config.dupbeta() > 0 ? ", dupbeta " + config.dupbeta() : "");
      case REAL_VS_GENERATED -> String.format("render vs the worst of %d samples; %d skipped", config.candidates(),
          built.skipped());
      case PERTURBED -> "render vs " + losers(built.pairs()) + "; " + built.skipped() + " skipped";
    };
  }

  /** "frozen 31, reversed 30": how many losers each edit made. */
  private static String losers(List<ClipPair> pairs) {
    Map<String, Integer> counts = new TreeMap<>();
    for (ClipPair p : pairs) counts.merge(p.origin().perturbation().key(), 1, Integer::sum);
    return counts.isEmpty() ? "no edit" : counts.toString().replaceAll("[{}]", "").replace('=', ' ');
  }

  private String noPairs() {
    return switch (config.pairBuilder()) {
      case ON_POLICY -> "every prompt's clips were within pairs.min_gap " + config.minGap()
          + "; lower min_gap or raise candidates";
      case REAL_VS_GENERATED -> "on every prompt a sample scored at least as high as the render";
      case PERTURBED -> "no perturbation in " + config.perturbations() + " breaks any prompt; add colour_swap, "
          + "which breaks every caption";
    };
  }
}
