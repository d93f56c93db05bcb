package dev.align4j.losses;

import com.google.common.base.Preconditions;
import com.google.common.collect.ImmutableMap;
import java.util.List;
import java.util.Map;

/** Resolved hyper-parameter values of one loss: defaults overlaid with what the user set. */
public final class Params {
  private final String loss;
  private final Map<String, Object> values;  // absent key = parameter is off

  Params(String loss, Map<String, Object> values) {
    this.loss = loss;
    this.values = ImmutableMap.copyOf(values);
  }

  public double real(String name) {
    Object v = values.get(name);
    Preconditions.checkState(v != null, "loss '%s' has no value for %s", loss, name);
    return (Double) v;
  }

  /** A real that may be off (null). */
  public Double optReal(String name) {
    return (Double) values.get(name);
  }

  public boolean flag(String name) {
    return (Boolean) values.get(name);
  }

  public String choice(String name) {
    return (String) values.get(name);
  }

  @SuppressWarnings("unchecked")
  public List<Double> reals(String name) {
    return (List<Double>) values.get(name);
  }

  /** All values set (defaults included), for display and for checkpoints. */
  public Map<String, Object> asMap() {
    return values;
  }
}
