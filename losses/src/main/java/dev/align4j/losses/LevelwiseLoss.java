package dev.align4j.losses;

import ai.djl.ndarray.NDArray;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A base loss applied to every level of {@link LevelTerms} and summed with the level weights (PhysHPO /
 * VistaDPO): {@code l_i = sum_k w_k l_base(terms_k)_i}. Metrics: the base's metrics of level k as
 * {@code <metric>/<k>} (e.g. {@code rewards/accuracies/motion}), and each base metric as the weight-normalised
 * mean over levels.
 */
final class LevelwiseLoss implements PreferenceLoss {
  private static final Set<TermKey<?>> KEYS = Set.of(LevelTerms.KEY);

  private final String name;
  private final PreferenceLoss base;

  LevelwiseLoss(String name, PreferenceLoss base) {
    this.name = name;
    this.base = base;
  }

  @Override
  public String name() {
    return name;
  }

  /** What the base loss needs of every level's terms. */
  @Override
  public Set<Need> needs() {
    return base.needs();
  }

  @Override
  public Set<TermKey<?>> keys() {
    return KEYS;
  }

  @Override
  public LossOutput compute(PreferenceTerms terms) {
    terms.checkKeys(KEYS, name);
    Map<String, LevelTerms.Level> levels = terms.get(LevelTerms.KEY).levels();
    double total = levels.values().stream().mapToDouble(LevelTerms.Level::weight).sum();
    NDArray perExample = null;
    Map<String, NDArray> metrics = new LinkedHashMap<>();
    Map<String, NDArray> perLevel = new LinkedHashMap<>();
    for (Map.Entry<String, LevelTerms.Level> e : levels.entrySet()) {
      double w = e.getValue().weight();
      LossOutput out;
      try {
        out = base.compute(e.getValue().terms());
      } catch (InvalidLossException ex) {
        throw new InvalidLossException("level '" + e.getKey() + "' of " + ex.getMessage());
      }
      NDArray weighted = out.perExample().mul(Ops.k(w));
      perExample = perExample == null ? weighted : perExample.add(weighted);
      for (Map.Entry<String, NDArray> m : out.metrics().entrySet()) {
        perLevel.put(m.getKey() + "/" + e.getKey(), m.getValue());
        NDArray share = m.getValue().mul(Ops.k(w / total));
        metrics.merge(m.getKey(), share, NDArray::add);
      }
    }
    metrics.putAll(perLevel);
    if (terms.weights().isPresent()) perExample = perExample.mul(terms.weights().get());
    return new LossOutput(perExample.mean(), perExample, metrics);
  }
}
