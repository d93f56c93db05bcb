package dev.align4j.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class TokenSamplerTest {

  private static final float[] LOGITS = {0f, 2f, 1f, 3f, -1f}; // order: 3, 1, 2, 0, 4

  private static int[] counts(GenerationConfig config, int draws) {
    Random random = new Random(1);
    int[] counts = new int[LOGITS.length];
    for (int i = 0; i < draws; i++) {
      counts[TokenSampler.next(LOGITS, config, random)]++;
    }
    return counts;
  }

  @Test
  void greedyIsArgmax() {
    assertEquals(3, TokenSampler.next(LOGITS, GenerationConfig.greedy(1), new Random(0)));
    assertEquals(0, TokenSampler.argmax(new float[] {1, 1, 0}));
  }

  @Test
  void topKKeepsTheKMostLikely() {
    int[] counts = counts(GenerationConfig.sampling(1, 1f, 2, 1f, 0), 2000);
    assertEquals(0, counts[0] + counts[2] + counts[4]);
    // p(3) / p(1) = e: about 73% / 27%.
    assertTrue(Math.abs(counts[3] / 2000.0 - Math.E / (1 + Math.E)) < 0.04, "share of token 3: " + counts[3]);
  }

  @Test
  void topPKeepsTheSmallestNucleus() {
    // Probabilities at T=1: 0.644, 0.237, 0.087, 0.032, 0.012. p=0.85 keeps tokens 3 and 1 (0.881).
    int[] counts = counts(GenerationConfig.sampling(1, 1f, 0, 0.85f, 0), 2000);
    assertEquals(0, counts[0] + counts[2] + counts[4]);
    assertTrue(counts[1] > 0 && counts[3] > 0);
  }

  @Test
  void temperatureFlattens() {
    int[] hot = counts(GenerationConfig.sampling(1, 100f, 0, 1f, 0), 5000);
    for (int c : hot) {
      assertTrue(Math.abs(c / 5000.0 - 0.2) < 0.03, "near uniform at T=100: " + c);
    }
  }
}
