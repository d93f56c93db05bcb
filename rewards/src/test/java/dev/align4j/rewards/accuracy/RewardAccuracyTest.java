package dev.align4j.rewards.accuracy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class RewardAccuracyTest {
  private static RewardAccuracy.Scored s(double a, double b, double label) {
    return new RewardAccuracy.Scored(a, b, label);
  }

  @Test
  void scoresMatchesTiesAndMisses() {
    // p0 = softmax: (2, 0) -> 0.881, |p1 - p0| = 0.762; (0, 0) -> tie at any threshold
    List<RewardAccuracy.Scored> rows = List.of(s(2, 0, 1), s(0, 2, 1), s(0, 0, 0.5), s(2, 0, 0.5), s(0, 0, 0));
    // threshold 0: match, miss, tie=tie, tie label only (0.5), tie prediction only (0.5)
    assertEquals((1 + 0 + 1 + 0.5 + 0.5) / 5, RewardAccuracy.tieAware(rows, 0), 1e-12);
    // threshold 0.8: every prediction is a tie: label ties match (2), the rest score 0.5 (3)
    assertEquals((0.5 + 0.5 + 1 + 1 + 0.5) / 5, RewardAccuracy.tieAware(rows, 0.8), 1e-12);
    assertEquals(1 / 3.0, RewardAccuracy.plain(rows), 1e-12);
  }

  @Test
  void thresholdComesFromValidation() {
    // Many ties with small score gaps: a threshold above the gaps wins.
    List<RewardAccuracy.Scored> validation = List.of(s(0.1, 0, 0.5), s(0, 0.1, 0.5), s(3, 0, 1), s(0, 3, 0));
    double t = RewardAccuracy.chooseThreshold(validation);
    assertEquals(0.1, t, 1e-12);
    assertEquals(1.0, RewardAccuracy.tieAware(validation, t), 1e-12);
  }

  /** Partial tallies merged in any order give bit for bit the one-pass numbers (Spark partitions). */
  @Test
  void mergedTalliesEqualOnePass() {
    List<RewardAccuracy.Scored> rows = List.of(s(2, 0, 1), s(0, 2, 1), s(0, 0, 0.5), s(2, 0, 0.5), s(0, 0, 0),
        s(0.3, 0.1, 0), s(1.7, 1.2, 1), s(0.05, 0, 0.5));
    RewardAccuracy.Tally merged = RewardAccuracy.Tally.of(rows.subList(5, 8))
        .merge(RewardAccuracy.Tally.of(rows.subList(0, 2))).merge(RewardAccuracy.Tally.of(rows.subList(2, 5)));
    for (double t : RewardAccuracy.THRESHOLDS) {
      assertEquals(RewardAccuracy.tieAware(rows, t), merged.tieAware(t), 0.0, "threshold " + t);
    }
    assertEquals(RewardAccuracy.chooseThreshold(rows), merged.bestThreshold(), 0.0);
    assertEquals(RewardAccuracy.plain(rows), merged.plain(), 0.0);
    assertEquals(3, merged.labelTies());
  }

  /** Against the numpy reference (tools/golden/reward_accuracy_golden.py). */
  @Test
  void matchesTheIndependentReference() throws Exception {
    com.fasterxml.jackson.databind.JsonNode g;
    try (var in = getClass().getResourceAsStream("/golden/reward_accuracy.json")) {
      g = new com.fasterxml.jackson.databind.ObjectMapper().readTree(in);
    }
    List<RewardAccuracy.Scored> val = rows(g.get("validation"));
    List<RewardAccuracy.Scored> test = rows(g.get("test"));
    for (int i = 0; i < RewardAccuracy.THRESHOLDS.length; i++) {
      assertEquals(g.get("validation_accuracy_by_threshold").get(i).asDouble(),
          RewardAccuracy.tieAware(val, RewardAccuracy.THRESHOLDS[i]), 1e-12,
              "threshold " + RewardAccuracy.THRESHOLDS[i]);
    }
    double t = RewardAccuracy.chooseThreshold(val);
    assertEquals(g.get("threshold").asDouble(), t, 1e-12);
    assertEquals(g.get("test_tie_aware").asDouble(), RewardAccuracy.tieAware(test, t), 1e-12);
    assertEquals(g.get("test_untied").asDouble(), RewardAccuracy.plain(test), 1e-12);
  }

  private static List<RewardAccuracy.Scored> rows(com.fasterxml.jackson.databind.JsonNode n) {
    List<RewardAccuracy.Scored> out = new java.util.ArrayList<>();
    n.forEach(r -> out.add(s(r.get(0).asDouble(), r.get(1).asDouble(), r.get(2).asDouble())));
    return out;
  }
}
