package dev.align4j.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** AdamW, clipping and schedules against the numpy reference (tools/golden/optim_golden.py). */
class OptimizerGoldenTest {
  private static JsonNode golden() throws Exception {
    try (InputStream in = OptimizerGoldenTest.class.getResourceAsStream("/golden/optim.json")) {
      return new ObjectMapper().readTree(in);
    }
  }

  @Test
  void schedules() throws Exception {
    for (JsonNode s : golden().get("schedules")) {
      LrSchedule schedule = new LrSchedule(s.get("type").asText(), s.get("peak").asDouble(), s.get("warmup").asInt(),
          s.get("total").asInt());
      for (int step = 0; step < s.get("lr").size(); step++) {
        assertEquals(s.get("lr").get(step).asDouble(), schedule.at(step), 1e-15, s + " step " + step);
      }
    }
  }

  @Test
  void adamwWithClipping() throws Exception {
    for (JsonNode c : golden().get("adamw")) {
      try (NDManager m = NDManager.newBaseManager()) {
        List<NamedParameter> params = new ArrayList<>();
        for (int i = 0; i < c.get("shapes").size(); i++) {
          NDArray a = m.create(doubles(c.get("params").get(i)), shape(c.get("shapes").get(i)));
          a.setRequiresGradient(true);
          params.add(new NamedParameter("p" + i, a));
        }
        AdamW adam = new AdamW(m, c.get("beta1").asDouble(), c.get("beta2").asDouble(), c.get("eps").asDouble(),
            c.get("weight_decay").asDouble());
        for (int step = 0; step < c.get("lrs").size(); step++) {
          // Backward through sum(p * G) makes the gradient exactly G.
          try (ai.djl.training.GradientCollector gc = ai.djl.engine.Engine.getInstance().newGradientCollector()) {
            NDArray total = null;
            for (int i = 0; i < params.size(); i++) {
              NDArray p = params.get(i).array();
              NDArray term = p.mul(m.create(doubles(c.get("grads").get(step).get(i)), p.getShape())).sum();
              total = total == null ? term : total.add(term);
            }
            gc.backward(total);
          }
          double norm = GradientClipping.clip(params, c.get("max_grad_norm").asDouble());
          assertEquals(c.get("grad_norms").get(step).asDouble(), norm, 1e-12);
          adam.step(params, c.get("lrs").get(step).asDouble());
          for (NamedParameter p : params) p.array().getGradient().subi(p.array().getGradient());
        }
        for (int i = 0; i < params.size(); i++) {
          double[] expected = doubles(c.get("expected").get(i));
          double[] actual = params.get(i).array().toDoubleArray();
          for (int j = 0; j < expected.length; j++)
              assertEquals(expected[j], actual[j], 1e-12, "param " + i + "[" + j + "]");
        }
      }
    }
  }

  private static double[] doubles(JsonNode n) {
    double[] out = new double[n.size()];
    for (int i = 0; i < out.length; i++) out[i] = n.get(i).asDouble();
    return out;
  }

  private static Shape shape(JsonNode n) {
    long[] dims = new long[n.size()];
    for (int i = 0; i < dims.length; i++) dims[i] = n.get(i).asLong();
    return new Shape(dims);
  }
}
