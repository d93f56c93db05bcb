package dev.align4j.video.pairs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.core.media.Video;
import dev.align4j.core.pairs.CandidateGenerator;
import dev.align4j.diffusion.SeededNoise;
import dev.align4j.video.shapes.ClipChecker;
import dev.align4j.video.shapes.Perturbations;
import dev.align4j.video.shapes.ShapeClip;
import dev.align4j.video.world.ShapesVideoWorld;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Real-vs-generated pairs from a generator whose samples are known: the render itself for some prompts (a sample
 * as good as the truth: no pair), edits of the render for the others (the render wins over the worse edit).
 */
class RealVsGeneratedPairsTest {
  private static final long SEED = 9;
  private final CaptionRenders renders = new CaptionRenders(ShapesVideoWorld.trainingClips());

  @Test
  void theRenderBeatsTheWorstSampleAndPromptsWhereASampleReachesItAreSkipped() {
    List<String> prompts = List.of("a small red circle moves left", "a large blue square moves up",
        "a small yellow cross falls", "a large white triangle moves right", "a small orange circle moves down");
    Map<String, ShapeClip> truth = new HashMap<>();
    for (int i = 0; i < prompts.size(); i++) {
      truth.put(prompts.get(i), renders.render(prompts.get(i), SeededNoise.mix(SEED, i)).orElseThrow());
    }
    List<String> drawnWell = List.of(prompts.get(1), prompts.get(3));
    CandidateGenerator<String, Video> generator = (batch, k, seed) -> {
      List<List<Video>> out = new ArrayList<>();
      for (String caption : batch) {
        ShapeClip render = truth.get(caption);
        out.add(drawnWell.contains(caption) ? List.of(render.video(), Perturbations.frozen(render.video()))
            : List.of(Perturbations.reversed(render.video()), Perturbations.frozen(render.video())));
      }
      return out;
    };
    BuiltPairs built = RealVsGeneratedPairs.build(generator, renders, prompts, 2, SEED);
    assertEquals(List.of(prompts.get(0), prompts.get(2), prompts.get(4)),
        built.pairs().stream().map(ClipPair::caption).toList(), "a sample as good as the render: no pair");
    assertEquals(2, built.skipped());
    for (ClipPair p : built.pairs()) {
      assertEquals(PairOrigin.REAL_VS_GENERATED, p.origin());
      assertTrue(PerturbedClipPairsTest.sameFrames(truth.get(p.caption()).video(), p.winner()), p.caption());
      Video reversed = Perturbations.reversed(truth.get(p.caption()).video());
      Video frozen = Perturbations.frozen(truth.get(p.caption()).video());
      double r = ClipChecker.score(reversed, p.caption()).combined();
      double f = ClipChecker.score(frozen, p.caption()).combined();
      assertTrue(PerturbedClipPairsTest.sameFrames(r < f ? reversed : frozen, p.loser()), "the worst sample loses");
      assertTrue(p.winnerScore().combined() > p.loserScore().combined(), p.caption());
    }
  }

  @Test
  void renderAgainstWorstUnlessASampleReachesTheRender() {
    assertEquals(List.of(3, 1), asList(RealVsGeneratedPairs.RENDER_VS_WORST.pairs(new double[] {0.5, 0.2, 0.7, 0.9})));
    assertTrue(RealVsGeneratedPairs.RENDER_VS_WORST.pairs(new double[] {0.5, 0.9, 0.9}).isEmpty());
    assertTrue(RealVsGeneratedPairs.RENDER_VS_WORST.pairs(new double[] {0.95, 0.2, 0.9}).isEmpty());
    assertEquals(List.of(1, 0), asList(RealVsGeneratedPairs.RENDER_VS_WORST.pairs(new double[] {0.1, 0.9})));
  }

  private static List<Integer> asList(List<int[]> pairs) {
    assertEquals(1, pairs.size());
    return List.of(pairs.get(0)[0], pairs.get(0)[1]);
  }
}
