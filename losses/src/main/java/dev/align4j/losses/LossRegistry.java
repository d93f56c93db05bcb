package dev.align4j.losses;

import com.google.common.base.Preconditions;
import com.google.common.collect.ImmutableMap;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every loss by name. Parameters take TRL's config field names where one exists; unknown names and
 * out-of-range values fail here, with the nearest valid name or the valid range in the message.
 */
public final class LossRegistry {
  private static final Map<String, LossSpec> SPECS;
  /** Other names users know the same losses by. */
  private static final Map<String, String> ALIASES = Map.of("aot_pair", "aot_unpaired", "dpo", "sigmoid");

  static {
    List<LossSpec> all = new ArrayList<>();
    all.addAll(DpoFamily.specs());
    all.addAll(ReferenceFreeFamily.specs());
    all.addAll(TokenFamily.specs());
    all.addAll(UnpairedFamily.specs());
    all.addAll(ListwiseFamily.specs());
    all.addAll(DiffusionFamily.specs());
    all.addAll(StructuredFamily.specs());
    ImmutableMap.Builder<String, LossSpec> b = ImmutableMap.builder();
    all.forEach(s -> b.put(s.name(), s));
    SPECS = b.buildOrThrow();
  }

  private LossRegistry() {}

  /** Every registered loss, in listing order. */
  public static List<LossSpec> specs() {
    return List.copyOf(SPECS.values());
  }

  /** The spec of a loss by name or alias. */
  public static LossSpec spec(String name) {
    String key = ALIASES.getOrDefault(name, name);
    LossSpec spec = SPECS.get(key);
    if (spec == null) {
      Set<String> names = new HashSet<>(SPECS.keySet());
      names.addAll(ALIASES.keySet());
      throw new InvalidLossException("unknown loss '" + name + "'" + Suggestions.didYouMean(name, names));
    }
    return spec;
  }

  /** Builds one loss; every key of {@code params} must be one of its parameters. */
  public static PreferenceLoss create(String name, Map<String, ?> params) {
    LossSpec spec = spec(name);
    return spec.factory().apply(resolve(spec, params, true));
  }

  /**
   * Builds a TRL-style combination ({@code loss_type: [sigmoid, sft]}, {@code loss_weights: [1, 1]}).
   * The parameters are shared: each loss takes those it knows, and every key must be known to one.
   */
  public static PreferenceLoss create(List<String> lossTypes, List<Double> lossWeights, Map<String, ?> params) {
    Preconditions.checkArgument(!lossTypes.isEmpty(), "loss_type is empty");
    if (lossTypes.size() == 1 && (lossWeights == null || lossWeights.isEmpty())) {
      return create(lossTypes.get(0), params);
    }
    double[] weights = new double[lossTypes.size()];
    if (lossWeights == null || lossWeights.isEmpty()) {
      java.util.Arrays.fill(weights, 1.0);
    } else {
      if (lossWeights.size() != lossTypes.size()) {
        throw new InvalidLossException("loss_weights has " + lossWeights.size() + " values for "
            + lossTypes.size() + " loss_type entries");
      }
      for (int i = 0; i < weights.length; i++) {
        double w = lossWeights.get(i);
        if (!Double.isFinite(w) || w < 0) {
          throw new InvalidLossException("loss_weights must be finite and >= 0, got " + w);
        }
        weights[i] = w;
      }
    }
    List<LossSpec> specs = lossTypes.stream().map(LossRegistry::spec).toList();
    for (String key : params.keySet()) {
      if (specs.stream().noneMatch(s -> s.param(key) != null)) {
        Set<String> known = new HashSet<>();
        specs.forEach(s -> s.params().forEach(p -> known.add(p.name())));
        throw new InvalidLossException("no loss in " + lossTypes + " has a parameter '" + key + "'"
            + Suggestions.didYouMean(key, known));
      }
    }
    List<PreferenceLoss> parts = new ArrayList<>();
    for (LossSpec s : specs) {
      parts.add(s.factory().apply(resolve(s, params, false)));
    }
    return new CombinedLoss(parts, weights);
  }

  /** Defaults overlaid with {@code params}; with {@code strict}, unknown keys are an error. */
  static Params resolve(LossSpec spec, Map<String, ?> params, boolean strict) {
    Map<String, Object> values = new LinkedHashMap<>();
    for (ParamSpec p : spec.params()) {
      if (p.defaultValue() != null) values.put(p.name(), p.defaultValue());
    }
    for (Map.Entry<String, ?> e : params.entrySet()) {
      ParamSpec p = spec.param(e.getKey());
      if (p == null) {
        if (!strict) continue;
        List<String> names = spec.params().stream().map(ParamSpec::name).toList();
        String known = names.isEmpty() ? " (it takes none)" : Suggestions.didYouMean(e.getKey(), names);
        throw new InvalidLossException("loss '" + spec.name() + "' has no parameter '" + e.getKey() + "'" + known);
      }
      if (e.getValue() != null) values.put(p.name(), p.parse(spec.name(), e.getValue()));
    }
    return new Params(spec.name(), values);
  }
}
