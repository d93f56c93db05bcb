package dev.align4j.video.shapes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The combined score is the weighted mean of the levels (and temporal consistency when weighted). */
class ClipScoreTest {
  private final ClipScore score = new ClipScore(1.0, 0.5, 0.25, 0.0, 0.9, 0.07);

  @Test
  void combinedIsTheWeightedMean() {
    assertEquals((1.0 + 0.5 + 0.25 + 0.0) / 4, score.combined(), 1e-12);
    assertEquals((2 * 0.25 + 0.9) / 3, score.combined(new LevelWeights(0, 0, 2, 0, 1)), 1e-12);
    assertEquals(0.5, score.level(Level.STATE));
  }

  @Test
  void weightsMustBeUsable() {
    assertThrows(IllegalArgumentException.class, () -> new LevelWeights(0, 0, 0, 0, 0));
    assertThrows(IllegalArgumentException.class, () -> new LevelWeights(1, -1, 0, 0, 0));
    assertThrows(IllegalArgumentException.class, () -> new LevelWeights(1, Double.NaN, 0, 0, 0));
  }
}
