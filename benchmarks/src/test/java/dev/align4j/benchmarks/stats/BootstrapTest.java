package dev.align4j.benchmarks.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BootstrapTest {
  /** Same index stream, same means, same numpy percentile: tools/golden/bootstrap_golden.py. */
  @Test
  void matchesTheNumpyReplay() throws Exception {
    JsonNode g;
    try (var in = getClass().getResourceAsStream("/golden/bootstrap.json")) {
      g = new ObjectMapper().readTree(in);
    }
    SplitMix64 first = new SplitMix64(1234567);
    for (JsonNode v : g.get("splitmix64_seed_1234567"))
        assertEquals(v.asText(), Long.toUnsignedString(first.nextLong()));
    for (JsonNode c : g.get("cases")) {
      Bootstrap b = new Bootstrap(c.get("resamples").asInt(), c.get("level").asDouble(), c.get("seed").asLong());
      double[] a = doubles(c.get("a"));
      double[] z = doubles(c.get("b"));
      Bootstrap.Interval r = c.get("kind").asText().equals("win_rate") ? b.winRate(a, z) : b.meanDifference(a, z);
      String what = c.get("kind").asText() + " n=" + a.length;
      assertEquals(c.get("estimate").asDouble(), r.estimate(), 1e-12, what);
      assertEquals(c.get("lower").asDouble(), r.lower(), 1e-12, what);
      assertEquals(c.get("upper").asDouble(), r.upper(), 1e-12, what);
      assertEquals(a.length, r.n());
    }
  }

  @Test
  void tiesCountHalfAndIntervalsBracketTheEstimate() {
    Bootstrap b = new Bootstrap(500, 0.95, 9);
    Bootstrap.Interval r = b.winRate(new double[] {1, 2, 3, 4}, new double[] {0, 2, 5, 1});
    assertEquals((1 + 0.5 + 0 + 1) / 4.0, r.estimate(), 0);
    assertTrue(r.lower() <= r.estimate() && r.estimate() <= r.upper(), r.toString());
    assertEquals(r, b.winRate(new double[] {1, 2, 3, 4}, new double[] {0, 2, 5, 1}), "same seed, same interval");
    Bootstrap.Interval constant = b.meanDifference(new double[] {3, 4}, new double[] {1, 2});
    assertEquals(2, constant.lower(), 0);
    assertEquals(2, constant.upper(), 0);
  }

  /** The percentile interval of a win rate is about +-1.96 sqrt(p (1 - p) / n) for large n. */
  @Test
  void widthMatchesTheBinomialStandardError() {
    SplittableRandom rnd = new SplittableRandom(5);
    int n = 2000;
    double[] outcomes = new double[n];
    for (int i = 0; i < n; i++) outcomes[i] = rnd.nextDouble() < 0.7 ? 1 : 0;
    Bootstrap.Interval r = new Bootstrap(2000, 0.95, 1).winRate(outcomes);
    double se = Math.sqrt(r.estimate() * (1 - r.estimate()) / n);
    assertEquals(2 * 1.96 * se, r.upper() - r.lower(), 0.1 * 2 * 1.96 * se);
  }

  @Test
  void rejectsBadInput() {
    Bootstrap b = Bootstrap.of(1);
    assertThrows(IllegalArgumentException.class, () -> b.winRate(new double[] {1}, new double[] {1, 2}));
    assertThrows(IllegalArgumentException.class, () -> b.winRate(new double[] {0.3}));
    assertThrows(IllegalArgumentException.class, () -> b.mean(new double[0]));
    assertThrows(IllegalArgumentException.class, () -> b.mean(new double[] {Double.NaN}));
    assertThrows(IllegalArgumentException.class, () -> new Bootstrap(0, 0.95, 1));
    assertThrows(IllegalArgumentException.class, () -> new Bootstrap(10, 1.0, 1));
  }

  private static double[] doubles(JsonNode n) {
    double[] out = new double[n.size()];
    for (int i = 0; i < out.length; i++) out[i] = n.get(i).asDouble();
    return out;
  }
}
