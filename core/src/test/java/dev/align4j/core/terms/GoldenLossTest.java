package dev.align4j.core.terms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.align4j.losses.LossOutput;
import dev.align4j.losses.LossRegistry;
import dev.align4j.losses.Need;
import dev.align4j.losses.PreferenceLoss;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every loss against the independent numpy reference (tools/golden/losses_golden.py): loss, per-example
 * values and metrics, in float64 (1e-9 relative) and float32 (1e-5 relative, against the reference
 * computed on the same inputs rounded to float32, plus one float32 ulp at the scale of the largest input,
 * since edge cases subtract numbers of 1e4).
 */
class GoldenLossTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TestFactory
  Stream<DynamicTest> float64() throws Exception {
    return cases(DataType.FLOAT64, 1e-9, 1e-12);
  }

  @TestFactory
  Stream<DynamicTest> float32() throws Exception {
    return cases(DataType.FLOAT32, 1e-5, 1e-6);
  }

  private Stream<DynamicTest> cases(DataType type, double rtol, double atol) throws Exception {
    JsonNode root;
    try (InputStream in = getClass().getResourceAsStream("/golden/losses.json")) {
      root = JSON.readTree(in);
    }
    List<DynamicTest> tests = new ArrayList<>();
    for (JsonNode c : root.get("cases")) {
      tests.add(DynamicTest.dynamicTest(c.get("name").asText(), () -> check(c, type, rtol, atol)));
    }
    return tests.stream();
  }

  private void check(JsonNode c, DataType type, double rtol, double atol) {
    String name = c.get("name").asText();
    List<String> types = new ArrayList<>();
    if (c.get("loss_type").isArray()) c.get("loss_type").forEach(t -> types.add(t.asText()));
    else types.add(c.get("loss_type").asText());
    List<Double> weights = new ArrayList<>();
    if (c.has("loss_weights")) c.get("loss_weights").forEach(w -> weights.add(w.asDouble()));
    Map<String, Object> params = JSON.convertValue(c.get("params"), LinkedHashMap.class);
    PreferenceLoss loss = LossRegistry.create(types, weights, params);
    int batchIndex = 0;
    for (JsonNode batch : c.get("batches")) {
      String where = name + " batch " + batchIndex++;
      List<JsonNode> examples = new ArrayList<>();
      batch.get("examples").forEach(examples::add);
      try (NDManager m = NDManager.newBaseManager()) {
        var rows = TermsJson.parseNodes(name, examples);
        // Differences of large inputs cancel: float32 can only promise ulp-sized error at the inputs' scale.
        double tol = type == DataType.FLOAT32 ? atol + FLOAT32_ULP * maxAbs(batch.get("examples")) : atol;
        LossOutput out = loss.compute(TermsJson.toTerms(name, rows, m, type, loss.needs().contains(Need.LABELS)));
        // The float32 reference rounds the inputs to float32 first (tools/golden/losses_golden.py).
        JsonNode expected = batch.get(type == DataType.FLOAT32 ? "expected_float32" : "expected");
        close(expected.get("loss").asDouble(), scalar(out.loss()), rtol, tol, where + " loss");
        double[] per = out.perExample().toType(DataType.FLOAT64, false).toDoubleArray();
        JsonNode expPer = expected.get("per_example");
        assertEquals(expPer.size(), per.length, where + " per_example size");
        for (int i = 0; i < per.length; i++) {
          close(expPer.get(i).asDouble(), per[i], rtol, tol, where + " per_example[" + i + "]");
        }
        JsonNode expMetrics = expected.get("metrics");
        for (Iterator<String> it = expMetrics.fieldNames(); it.hasNext(); ) {
          String key = it.next();
          assertTrue(out.metrics().containsKey(key),
              where + " missing metric " + key + "; has " + out.metrics().keySet());
          close(expMetrics.get(key).asDouble(), scalar(out.metrics().get(key)), rtol, tol, where + " " + key);
        }
        assertEquals(expMetrics.size(), out.metrics().size(), where + " metric names " + out.metrics().keySet());
      }
    }
  }

  /** 2^-23: the spacing of float32 numbers relative to their magnitude. */
  private static final double FLOAT32_ULP = Math.scalb(1.0, -23);

  private static double maxAbs(JsonNode n) {
    if (n.isNumber()) return Math.abs(n.asDouble());
    double max = 0;
    for (JsonNode child : n) max = Math.max(max, maxAbs(child));
    return max;
  }

  private static double scalar(NDArray a) {
    return a.toType(DataType.FLOAT64, false).getDouble();
  }

  private static void close(double expected, double actual, double rtol, double atol, String what) {
    assertTrue(Double.isFinite(actual), what + " is not finite: " + actual);
    assertTrue(Math.abs(actual - expected) <= rtol * Math.abs(expected) + atol,
        what + ": expected " + expected + " got " + actual + " (diff " + Math.abs(actual - expected) + ")");
  }
}
