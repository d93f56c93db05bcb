package dev.align4j.video.pairs;

import com.google.common.base.Preconditions;
import dev.align4j.core.media.Video;
import dev.align4j.core.pairs.CandidateGenerator;
import dev.align4j.core.pairs.ConstructedPair;
import dev.align4j.core.pairs.PairBuilder;
import dev.align4j.core.pairs.PairStrategy;
import dev.align4j.diffusion.SeededNoise;
import dev.align4j.video.shapes.ClipChecker;
import dev.align4j.video.shapes.LevelWeights;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Real-vs-generated pairs (PhysHPO's "good real data", SPIN-Diffusion's pairs): the caption's render is the
 * winner and the worst of k samples of the model the loser, both scored by the checker's mean of levels. A
 * prompt is skipped when one of its samples scores at least as high as the render (the model already draws it
 * as well as the truth) or when its shapes have no room in the frame.
 */
public final class RealVsGeneratedPairs {
  /** The render, appended as the last candidate, against the worst sample unless a sample reaches the render. */
  static final PairStrategy RENDER_VS_WORST = scores -> {
    int render = scores.length - 1;
    int worst = 0;
    double best = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < render; i++) {
      if (scores[i] < scores[worst]) worst = i;
      best = Math.max(best, scores[i]);
    }
    return best >= scores[render] ? List.of() : List.of(new int[] {render, worst});
  };

  private RealVsGeneratedPairs() {}

  /**
   * Builds the pairs of {@code prompts}: prompt i's render is drawn from {@code mix(seed, i)}, its samples as
   * on-policy pairs draw theirs ({@link OnPolicyClipPairs#PROMPTS_PER_BATCH} prompts per batch, batch b with
   * {@code seed + b}).
   */
  public static BuiltPairs build(CandidateGenerator<String, Video> generator, CaptionRenders renders,
      List<String> prompts, int k, long seed) {
    Preconditions.checkArgument(k >= 1, "real-vs-generated pairs need at least 1 sample per prompt, got %s", k);
    Map<String, Video> real = new HashMap<>();
    List<String> drawable = new ArrayList<>(prompts.size());
    for (int i = 0; i < prompts.size(); i++) {
      String caption = prompts.get(i);
      renders.render(caption, SeededNoise.mix(seed, i)).ifPresent(clip -> {
        real.put(caption, clip.video());
        drawable.add(caption);
      });
    }
    PairBuilder.Result<String, Video> r = new PairBuilder<>(generator.withReference(real::get),
        (caption, clips) -> clips.stream().mapToDouble(c -> ClipChecker.score(c, caption).combined(LevelWeights.LEVELS))
            .toArray(), RENDER_VS_WORST).build(drawable, k, OnPolicyClipPairs.PROMPTS_PER_BATCH, seed);
    List<ClipPair> pairs = new ArrayList<>(r.pairs().size());
    for (ConstructedPair<String, Video> p : r.pairs()) {
      pairs.add(new ClipPair(p.prompt(), p.chosen(), p.rejected(), 1, ClipChecker.score(p.chosen(), p.prompt()),
          ClipChecker.score(p.rejected(), p.prompt()), PairOrigin.REAL_VS_GENERATED));
    }
    return new BuiltPairs(pairs, prompts.size(), prompts.size() - pairs.size());
  }
}
