package dev.align4j.core.pairs;

import dev.align4j.core.util.GracefulStop;
import java.util.ArrayList;
import java.util.List;

/**
 * On-policy pair construction: a generator proposes k candidates per prompt, a scorer ranks them, a
 * strategy turns the ranking into pairs. Prompts go through in batches; batch b draws with seed + b, so a
 * run is reproducible and batches are independent.
 */
public final class PairBuilder<P, C> {
  /** The pairs and what was left out. */
  public record Result<P, C>(List<ConstructedPair<P, C>> pairs, int prompts, int promptsWithoutPair) {}

  private final CandidateGenerator<P, C> generator;
  private final CandidateScorer<P, C> scorer;
  private final PairStrategy strategy;

  public PairBuilder(CandidateGenerator<P, C> generator, CandidateScorer<P, C> scorer, PairStrategy strategy) {
    this.generator = generator;
    this.scorer = scorer;
    this.strategy = strategy;
  }

  public Result<P, C> build(List<P> prompts, int k, int batchSize, long seed) {
    if (k < 1) throw new IllegalArgumentException("need at least 1 candidate per prompt, got " + k);
    List<ConstructedPair<P, C>> pairs = new ArrayList<>();
    int without = 0;
    for (int start = 0, b = 0; start < prompts.size(); start += batchSize, b++) {
      GracefulStop.check();
      List<P> batch = prompts.subList(start, Math.min(prompts.size(), start + batchSize));
      long batchSeed = seed + b;
      List<List<C>> candidates = generator.propose(batch, k, batchSeed);
      for (int i = 0; i < batch.size(); i++) {
        List<C> cs = candidates.get(i);
        // k = 1 is enough when the generator adds a reference output (CandidateGenerator.withReference).
        if (cs.size() < 2) {
          throw new IllegalArgumentException("need at least 2 candidates per prompt, got " + cs.size());
        }
        double[] scores = scorer.score(batch.get(i), cs);
        List<int[]> chosen = strategy.pairs(scores);
        if (chosen.isEmpty()) without++;
        for (int[] p : chosen) {
          pairs.add(new ConstructedPair<>(batch.get(i), cs.get(p[0]), cs.get(p[1]), scores[p[0]], scores[p[1]],
              batchSeed, cs.size()));
        }
      }
    }
    return new Result<>(pairs, prompts.size(), without);
  }
}
