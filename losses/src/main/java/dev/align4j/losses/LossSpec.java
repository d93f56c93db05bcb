package dev.align4j.losses;

import com.google.common.collect.ImmutableList;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A registered loss: its name, the paper it comes from, its hyper-parameters and how to build it.
 *
 * @param name registry name (TRL's {@code loss_type} where one exists)
 * @param family what data it works on, for listings
 * @param source the paper (short citation)
 * @param summary one line on what it does
 * @param params hyper-parameters, including the shared modifiers where they apply
 * @param factory builds the loss from resolved parameters
 */
public record LossSpec(String name, Family family, String source, String summary, List<ParamSpec> params,
    Function<Params, PreferenceLoss> factory) {

  /** The kind of data a loss works on. */
  public enum Family {
    PAIRED("paired"), TOKEN("paired, per-token"), UNPAIRED("unpaired"), LISTWISE("listwise"),
    DIFFUSION("diffusion"), STRUCTURED("paired, structured terms");

    public final String label;

    Family(String label) {
      this.label = label;
    }
  }

  public LossSpec {
    params = ImmutableList.copyOf(params);
  }

  /** The spec of a parameter, or null. */
  public ParamSpec param(String paramName) {
    for (ParamSpec p : params) {
      if (p.name().equals(paramName)) return p;
    }
    return null;
  }

  /**
   * A paired loss. Language-model families get the shared modifiers (WPO, LD-DPO, RPO) appended to their
   * parameters; diffusion losses have no tokens for them to act on.
   */
  static LossSpec paired(String name, Family family, String source, String summary, List<ParamSpec> params,
      java.util.Set<Need> needs, PairedLoss.RewardBasis basis, Function<Params, PairedLoss.Formula> formula) {
    return paired(name, family, source, summary, params, needs, java.util.Set.of(), basis, formula);
  }

  /** A paired loss that also reads keyed terms ({@link TermKey}). */
  static LossSpec paired(String name, Family family, String source, String summary, List<ParamSpec> params,
      java.util.Set<Need> needs, java.util.Set<TermKey<?>> keys, PairedLoss.RewardBasis basis,
      Function<Params, PairedLoss.Formula> formula) {
    List<ParamSpec> all = new ArrayList<>(params);
    if (family != Family.DIFFUSION) all.addAll(PairModifiers.SPECS);
    return new LossSpec(name, family, source, summary, all,
        p -> new PairedLoss(name, needs, keys, basis, p, formula.apply(p)));
  }
}
