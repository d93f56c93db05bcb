package dev.align4j.video.pairs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

/** VideoDPO's dupfactor, by hand and against the numpy reference (tools/golden/video_weights_golden.py). */
class DupFactorTest {
  @Test
  void rarePairsWeighMore() {
    assertEquals(1.0, DupFactor.weight(0.72, DupFactor.VIDEODPO_C, 1), 1e-15);
    assertEquals(2.0, DupFactor.weight(0.36, DupFactor.VIDEODPO_C, 1), 1e-15);
    assertEquals(4.0, DupFactor.weight(0.18, DupFactor.VIDEODPO_C, 1), 1e-15);
    assertEquals(Math.sqrt(2), DupFactor.weight(0.36, DupFactor.VIDEODPO_C, 0.5), 1e-15);
    // dupbeta 0 is VideoDPO's "off": no score needed
    assertEquals(1.0, DupFactor.weight(Double.NaN, DupFactor.VIDEODPO_C, 0));
    assertThrows(IllegalArgumentException.class, () -> DupFactor.weight(0, 0.72, 1));
    assertThrows(IllegalArgumentException.class, () -> DupFactor.weight(0.5, 0.72, -1));
  }

  @Test
  void pairScoresComeFromOneHistogramOfAllVideos() {
    // 4 videos in 2 bins over [0, 1]: {0, 0.25} and {0.5, 1}; the maximum lands in the closed last bin
    double[] scores = DupFactor.pairScores(new double[] {1.0, 0.5}, new double[] {0.0, 0.25}, 2);
    assertArrayEquals(new double[] {0.25, 0.25}, scores, 1e-15);
    double[] skewed = DupFactor.pairScores(new double[] {1.0, 0.9, 0.8}, new double[] {0.7, 0.6, 0.0}, 2);
    // bins [0, 0.5) holds 1 of 6, [0.5, 1] holds 5 of 6
    assertArrayEquals(new double[] {25 / 36.0, 25 / 36.0, 5 / 36.0}, skewed, 1e-15);
    assertArrayEquals(new double[] {1, 1, 5}, DupFactor.weights(skewed, 1), 1e-12);
  }

  @Test
  void matchesTheNumpyReference() throws Exception {
    JsonNode golden;
    try (InputStream in = getClass().getResourceAsStream("/golden/video_weights.json")) {
      golden = new ObjectMapper().readTree(in);
    }
    int checked = 0;
    for (JsonNode c : golden.get("cases")) {
      double[] winners = doubles(c.get("winner"));
      double[] losers = doubles(c.get("loser"));
      for (JsonNode b : c.get("by_bins")) {
        int bins = b.get("bins").asInt();
        double[] pair = DupFactor.pairScores(winners, losers, bins);
        assertArrayEquals(doubles(b.get("pair_scores")), pair, 1e-15, "pair scores, bins " + bins);
        for (var beta : (Iterable<java.util.Map.Entry<String, JsonNode>>) b.get("weights_max_c")::fields) {
          double dupbeta = Double.parseDouble(beta.getKey());
          assertArrayEquals(doubles(beta.getValue()), DupFactor.weights(pair, dupbeta), 1e-12,
              "bins " + bins + ", dupbeta " + dupbeta);
          double[] fixed = doubles(b.get("weights_videodpo_c").get(beta.getKey()));
          for (int i = 0; i < pair.length; i++) {
            assertEquals(fixed[i], DupFactor.weight(pair[i], DupFactor.VIDEODPO_C, dupbeta), 1e-12 * fixed[i]);
            checked++;
          }
        }
      }
    }
    assertEquals(4 * 3 * (40 + 3 + 4), checked);
  }

  private static double[] doubles(JsonNode array) {
    double[] out = new double[array.size()];
    for (int i = 0; i < out.length; i++) out[i] = array.get(i).asDouble();
    return out;
  }
}
