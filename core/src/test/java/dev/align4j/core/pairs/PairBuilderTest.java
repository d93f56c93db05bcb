package dev.align4j.core.pairs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PairBuilderTest {
  /** Candidates are numbers; the scorer prefers those closest to the prompt. */
  private static final CandidateGenerator<Integer, Integer> GENERATOR = (prompts, k, seed) -> {
    Random r = new Random(seed);
    List<List<Integer>> out = new ArrayList<>();
    for (Integer p : prompts) {
      List<Integer> cs = new ArrayList<>();
      for (int i = 0; i < k; i++) cs.add(p + r.nextInt(7) - 3);
      out.add(cs);
    }
    return out;
  };
  private static final CandidateScorer<Integer, Integer> SCORER = (prompt, cs) ->
      cs.stream().mapToDouble(c -> -Math.abs(c - prompt)).toArray();

  @Test
  void bestVsWorstWithAMinimumGap() {
    assertEquals(List.of(), PairStrategy.bestVsWorst(1).pairs(new double[] {0.5, 0.2}));
    int[] p = PairStrategy.bestVsWorst(0.5).pairs(new double[] {0.1, 0.9, -0.4, 0.9}).get(0);
    assertEquals(1, p[0]);
    assertEquals(2, p[1]);
    assertEquals(List.of(), PairStrategy.bestVsWorst(0).pairs(new double[] {1, 1, 1}));
  }

  @Test
  void chosenOutscoresRejectedAndRunsAreReproducible() {
    var builder = new PairBuilder<>(GENERATOR, SCORER, PairStrategy.bestVsWorst(1));
    List<Integer> prompts = new ArrayList<>();
    for (int i = 0; i < 50; i++) prompts.add(i * 10);
    var a = builder.build(prompts, 4, 8, 3);
    var b = builder.build(prompts, 4, 8, 3);
    assertEquals(a.pairs(), b.pairs());
    assertEquals(50, a.prompts());
    assertEquals(50, a.pairs().size() + a.promptsWithoutPair());
    for (var pair : a.pairs()) {
      assertEquals(pair.chosenScore(), -Math.abs(pair.chosen() - pair.prompt()));
      assertEquals(true, pair.chosenScore() - pair.rejectedScore() >= 1);
      assertEquals(4, pair.candidates());
    }
    assertThrows(IllegalArgumentException.class, () -> builder.build(prompts, 1, 8, 3));
  }

  @Test
  void aReferenceJoinsTheCandidatesAndWinsWhenItScoresBest() {
    // The reference is the prompt itself, the best possible candidate: every pair is real vs worst sample.
    var builder = new PairBuilder<>(GENERATOR.withReference(p -> p), SCORER, PairStrategy.bestVsWorst(1));
    List<Integer> prompts = List.of(0, 10, 20, 30, 40, 50, 60, 70);
    var r = builder.build(prompts, 3, 4, 5);
    var drawn = GENERATOR.propose(prompts.subList(0, 4), 3, 5);
    assertEquals(4, GENERATOR.withReference(p -> p).propose(prompts.subList(0, 4), 3, 5).get(0).size());
    for (var pair : r.pairs()) {
      assertEquals(pair.prompt(), pair.chosen());
      assertEquals(4, pair.candidates());
    }
    var first = r.pairs().get(0);
    assertEquals(drawn.get(0).stream().mapToInt(c -> Math.abs(c)).max().getAsInt(), Math.abs(first.rejected()));
    assertThrows(NullPointerException.class, () -> GENERATOR.withReference(p -> null).propose(prompts, 2, 1));
  }
}
