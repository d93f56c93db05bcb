package dev.align4j.video.pairs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.core.media.Video;
import dev.align4j.diffusion.SeededNoise;
import dev.align4j.video.shapes.ClipChecker;
import dev.align4j.video.shapes.ClipScore;
import dev.align4j.video.shapes.Level;
import dev.align4j.video.shapes.Motion;
import dev.align4j.video.shapes.MotionCaption;
import dev.align4j.video.shapes.Perturbations.Kind;
import dev.align4j.video.world.ShapesVideoWorld;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Perturbed pairs: the render wins, its edit loses at the edit's level, and the edits cycle by the rule. */
class PerturbedClipPairsTest {
  private static final long SEED = 5;
  private final CaptionRenders renders = new CaptionRenders(ShapesVideoWorld.trainingClips());

  static boolean sameFrames(Video a, Video b) {
    if (a.frames().size() != b.frames().size()) return false;
    for (int k = 0; k < a.frames().size(); k++) {
      if (!Arrays.equals(a.frames().get(k).rgb(), b.frames().get(k).rgb())) return false;
    }
    return true;
  }

  @Test
  void theRenderWinsAndTheLoserBreaksTheEditsLevel() {
    List<String> prompts = ShapesVideoWorld.prompts(40, 3, Set.of());
    List<Kind> kinds = List.of(Kind.values());
    BuiltPairs built = PerturbedClipPairs.build(renders, prompts, kinds, SEED);
    assertTrue(built.pairs().size() >= 30, built.pairs().size() + " pairs of 40");
    assertEquals(built.prompts() - built.pairs().size(), built.skipped());
    for (ClipPair p : built.pairs()) {
      int i = prompts.indexOf(p.caption());
      Kind kind = p.origin().perturbation();
      assertEquals(VideoPairBuilder.PERTURBED, p.origin().builder());
      assertEquals(PerturbedClipPairs.pick(kinds, i, MotionCaption.parse(p.caption()).motion()), kind);
      Video render = renders.render(p.caption(), SeededNoise.mix(SEED, i)).orElseThrow().video();
      assertTrue(sameFrames(render, p.winner()), "the winner is the caption's render: " + p.caption());
      ClipScore winner = ClipChecker.score(p.winner(), p.caption());
      ClipScore loser = ClipChecker.score(p.loser(), p.caption());
      assertEquals(winner, p.winnerScore());
      assertEquals(loser, p.loserScore());
      for (Level level : Level.values()) assertTrue(winner.level(level) >= 0.8, p.caption() + ": " + winner);
      assertTrue(loser.level(kind.level()) < winner.level(kind.level()) - 0.15, kind + " on " + p.caption() + ": "
          + winner + " vs " + loser);
    }
    assertEquals(5, built.pairs().stream().map(p -> p.origin().perturbation()).distinct().count(),
        "every edit is used over 40 prompts");
  }

  @Test
  void editsThatCannotBreakACaptionGiveWayOrTheCaptionIsSkipped() {
    List<Kind> frozenReversed = List.of(Kind.FROZEN, Kind.REVERSED);
    assertEquals(Kind.FROZEN, PerturbedClipPairs.pick(frozenReversed, 0, Motion.MOVES_LEFT));
    assertEquals(Kind.REVERSED, PerturbedClipPairs.pick(frozenReversed, 1, Motion.MOVES_LEFT));
    assertEquals(Kind.FROZEN, PerturbedClipPairs.pick(frozenReversed, 1, Motion.BOUNCES), "a bounce reversed bounces");
    assertNull(PerturbedClipPairs.pick(frozenReversed, 0, Motion.STAYS_STILL));
    assertEquals(Kind.COLOUR_SWAPPED, PerturbedClipPairs.pick(List.of(Kind.FROZEN, Kind.COLOUR_SWAPPED), 0,
        Motion.STAYS_STILL));

    List<String> prompts = List.of("a small red circle moves left", "a small green triangle bounces",
        "a large blue square stays still", "a large red square moves away from a small blue circle");
    BuiltPairs built = PerturbedClipPairs.build(renders, prompts, frozenReversed, SEED);
    assertEquals(List.of(prompts.get(0), prompts.get(1), prompts.get(3)),
        built.pairs().stream().map(ClipPair::caption).toList(), "the still caption has no pair");
    assertEquals(List.of(Kind.FROZEN, Kind.FROZEN, Kind.REVERSED),
        built.pairs().stream().map(p -> p.origin().perturbation()).toList());
    assertEquals(1, built.skipped());
  }
}
