package dev.align4j.losses;

import ai.djl.ndarray.NDArray;
import com.google.common.base.Preconditions;
import com.google.common.collect.ImmutableList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** TRL's {@code loss_type: [a, b]} with {@code loss_weights}: a weighted sum; metrics of the first loss. */
final class CombinedLoss implements PreferenceLoss {
  private final List<PreferenceLoss> parts;
  private final double[] weights;
  private final Set<Need> needs;
  private final Set<TermKey<?>> keys;

  CombinedLoss(List<PreferenceLoss> parts, double[] weights) {
    Preconditions.checkArgument(parts.size() == weights.length, "one loss_weight per loss_type");
    this.parts = ImmutableList.copyOf(parts);
    this.weights = weights.clone();
    Set<Need> all = EnumSet.noneOf(Need.class);
    parts.forEach(p -> all.addAll(p.needs()));
    this.needs = Set.copyOf(all);
    Set<TermKey<?>> allKeys = new java.util.LinkedHashSet<>();
    parts.forEach(p -> allKeys.addAll(p.keys()));
    this.keys = Set.copyOf(allKeys);
  }

  @Override
  public String name() {
    return parts.stream().map(PreferenceLoss::name).collect(Collectors.joining("+"));
  }

  @Override
  public Set<Need> needs() {
    return needs;
  }

  @Override
  public Set<TermKey<?>> keys() {
    return keys;
  }

  @Override
  public LossOutput compute(PreferenceTerms terms) {
    LossOutput first = null;
    NDArray perExample = null;
    for (int i = 0; i < parts.size(); i++) {
      LossOutput out = parts.get(i).compute(terms);
      NDArray weighted = out.perExample().mul(Ops.k(weights[i]));
      perExample = perExample == null ? weighted : perExample.add(weighted);
      if (first == null) first = out;
    }
    return new LossOutput(perExample.mean(), perExample, first.metrics());
  }
}
