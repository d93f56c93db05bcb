package dev.align4j.video.pairs;

import com.google.common.base.Preconditions;
import dev.align4j.core.media.Video;
import dev.align4j.diffusion.SeededNoise;
import dev.align4j.video.shapes.ClipChecker;
import dev.align4j.video.shapes.ClipScore;
import dev.align4j.video.shapes.Motion;
import dev.align4j.video.shapes.MotionCaption;
import dev.align4j.video.shapes.Perturbations;
import dev.align4j.video.shapes.ShapeClip;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Pairs without sampling (multimodal.md section 4.1, after Discriminator-free DPO and TEMPLE): the winner is the
 * caption's render, the loser the same render edited to break one level ({@link Perturbations}).
 *
 * <p>Prompt i takes the {@code i mod n}-th of the n configured edits, so the list is cycled over the prompts. When
 * that edit does not break the caption's motion ({@link Perturbations.Kind#breaks}: a "stays still" clip survives
 * every frame-order edit, a reversed bounce still bounces), the next edit in the list that does takes its place;
 * a prompt none of them breaks is skipped, as is one whose shapes have no room in the frame and one whose edited
 * clip the checker does not score lower at the edit's level than the render.
 */
public final class PerturbedClipPairs {
  private PerturbedClipPairs() {}

  /** Builds the pairs of {@code prompts}; render i and its edit are drawn from {@code mix(seed, i)}. */
  public static BuiltPairs build(CaptionRenders renders, List<String> prompts, List<Perturbations.Kind> kinds,
      long seed) {
    Preconditions.checkArgument(!kinds.isEmpty(), "perturbed pairs need at least one perturbation");
    List<ClipPair> pairs = new ArrayList<>(prompts.size());
    for (int i = 0; i < prompts.size(); i++) {
      String caption = prompts.get(i);
      Perturbations.Kind kind = pick(kinds, i, MotionCaption.parse(caption).motion());
      if (kind == null) continue;
      long clipSeed = SeededNoise.mix(seed, i);
      ShapeClip clip = renders.render(caption, clipSeed).orElse(null);
      if (clip == null) continue;
      Video loser = Perturbations.apply(kind, clip, renders.renderer(), new SplittableRandom(~clipSeed));
      ClipScore winnerScore = ClipChecker.score(clip.video(), caption);
      ClipScore loserScore = ClipChecker.score(loser, caption);
      if (loserScore.level(kind.level()) >= winnerScore.level(kind.level())) continue;
      pairs.add(new ClipPair(caption, clip.video(), loser, 1, winnerScore, loserScore, PairOrigin.perturbed(kind)));
    }
    return new BuiltPairs(pairs, prompts.size(), prompts.size() - pairs.size());
  }

  /** {@code kinds[i mod n]} if it breaks {@code motion}, else the next in the list that does; null if none does. */
  static Perturbations.Kind pick(List<Perturbations.Kind> kinds, int i, Motion motion) {
    for (int j = 0; j < kinds.size(); j++) {
      Perturbations.Kind k = kinds.get((i + j) % kinds.size());
      if (k.breaks(motion)) return k;
    }
    return null;
  }
}
