package dev.align4j.losses;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.google.common.collect.Range;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Options every paired loss accepts: WPO weighting, LD-DPO length desensitisation and the RPO NLL term.
 */
final class PairModifiers {
  static final List<ParamSpec> SPECS = List.of(
      ParamSpec.flag("use_weighting", false,
          "WPO: weight each pair by exp(mean token log p - log sum_v p^2) of both completions"),
      ParamSpec.real("ld_alpha", null, Range.closed(0.0, 1.0),
          "LD-DPO: weight of the tokens beyond the shorter completion's length"),
      ParamSpec.flag("ld_alpha_reference", true, "LD-DPO: also apply ld_alpha to the reference (TRL) or not"),
      ParamSpec.real("rpo_alpha", null, Range.atLeast(0.0), "RPO: weight of an added NLL term on the chosen"));

  final boolean useWeighting;
  final Double ldAlpha;
  final boolean ldReference;
  final Double rpoAlpha;

  /** Reads the modifiers from {@code p}; a loss without them (diffusion) gets them all off. */
  PairModifiers(Params p) {
    Map<String, Object> v = p.asMap();
    useWeighting = Boolean.TRUE.equals(v.get("use_weighting"));
    ldAlpha = (Double) v.get("ld_alpha");
    ldReference = !Boolean.FALSE.equals(v.get("ld_alpha_reference"));
    rpoAlpha = (Double) v.get("rpo_alpha");
  }

  Set<Need> needs() {
    Set<Need> needs = EnumSet.noneOf(Need.class);
    if (useWeighting) {
      needs.add(Need.TOKENS);
      needs.add(Need.SQUARED_MASS);
    }
    if (ldAlpha != null) needs.add(Need.TOKENS);
    return needs;
  }

  /** LD-DPO: re-sums the log-probs with tokens past the shorter length down-weighted by ld_alpha. */
  PreferenceTerms desensitize(PreferenceTerms t) {
    if (ldAlpha == null) return t;
    TokenTerms c = t.chosenTokens();
    TokenTerms r = t.rejectedTokens();
    NDArray shared = c.counts().minimum(r.counts()).expandDims(1);  // [B, 1]
    NDArray wc = lengthWeights(c, shared);
    NDArray wr = lengthWeights(r, shared);
    PreferenceTerms.Builder b = t.toBuilder()
        .policy(Ops.sumLast(c.policy().mul(wc)), Ops.sumLast(r.policy().mul(wr)));
    if (ldReference && t.hasReference()) {
      b.reference(Ops.sumLast(c.require(c.reference(), "reference log-probs").mul(wc)),
          Ops.sumLast(r.require(r.reference(), "reference log-probs").mul(wr)));
    }
    return b.build();
  }

  private NDArray lengthWeights(TokenTerms side, NDArray shared) {
    NDManager m = side.policy().getManager();
    long steps = side.policy().getShape().get(1);
    NDArray position = m.arange(0f, (float) steps, 1f, side.policy().getDataType()).reshape(new Shape(1, steps));
    NDArray inside = position.lt(shared).toType(side.policy().getDataType(), false);
    return inside.add(inside.neg().add(1).mul(Ops.k(ldAlpha))).mul(side.mask());
  }

  /**
   * WPO weight per example, detached: w_c * w_r with w = exp(mean of log p_t - log sum_v p_t^2) over the
   * tokens the token weights (or the mask) select.
   */
  NDArray wpoWeights(PreferenceTerms t) {
    return sideWeight(t.chosenTokens()).mul(sideWeight(t.rejectedTokens())).stopGradient();
  }

  private static NDArray sideWeight(TokenTerms side) {
    NDArray diff = side.policy().sub(side.require(side.logSquaredMass(), "log_sq_mass"));
    NDArray select = side.weightOrMask();
    return Ops.sumLast(diff.mul(select)).div(Ops.sumLast(select).maximum(Ops.k(1e-12))).exp();
  }
}
