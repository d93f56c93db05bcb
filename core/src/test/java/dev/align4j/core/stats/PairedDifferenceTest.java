package dev.align4j.core.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

class PairedDifferenceTest {

  /** Golden values from tools/golden/paired_difference_golden.py (scipy's t quantile and ttest_rel). */
  @Test
  void matchesScipy() throws IOException {
    JsonNode golden;
    try (InputStream in = getClass().getResourceAsStream("/golden/paired_difference.json")) {
      golden = new ObjectMapper().readTree(in);
    }
    for (JsonNode c : golden.get("cases")) {
      PairedDifference d = PairedDifference.of(doubles(c.get("before")), doubles(c.get("after")));
      assertEquals(c.get("mean").asDouble(), d.mean(), 1e-12);
      assertEquals(c.get("lower").asDouble(), d.lower(), 1e-9);
      assertEquals(c.get("upper").asDouble(), d.upper(), 1e-9);
      assertEquals(c.get("t").asDouble(), d.t(), 1e-9);
      assertEquals(c.get("before").size(), d.n());
      assertEquals(d.lower() > 0 || d.upper() < 0, d.shown());
    }
  }

  @Test
  void degenerateInputs() {
    PairedDifference same = PairedDifference.of(new double[] {1, 2, 3}, new double[] {1, 2, 3});
    assertEquals(0, same.t());
    assertFalse(same.shown());
    PairedDifference shift = PairedDifference.of(new double[] {1, 2, 3}, new double[] {2, 3, 4});
    assertEquals(Double.POSITIVE_INFINITY, shift.t());
    assertTrue(shift.shown());
    assertTrue(Double.isNaN(PairedDifference.of(new double[] {1}, new double[] {2}).lower()));
    assertEquals("+1.000 [+1.000, +1.000], paired t Infinity", shift.format("%.3f"));
  }

  private static double[] doubles(JsonNode a) {
    double[] x = new double[a.size()];
    for (int i = 0; i < x.length; i++) x[i] = a.get(i).asDouble();
    return x;
  }
}
