package dev.align4j.losses;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.Map;

/** How the property tests run each registered loss on a {@link TestBatch}. */
final class LossCases {
  private LossCases() {}

  /**
   * Parameters that keep each loss in a regime where finite differences and a few gradient steps are
   * meaningful: the diffusion defaults (beta 5000, T 1000) saturate on unit-scale test terms.
   */
  static Map<String, Object> params(String name) {
    return switch (name) {
      case "diffusion_dpo", "dspo" -> Map.of("beta", 5.0);
      case "diffusion_kto", "rank_dpo", "diffusion_sft" -> Map.of("beta", 1.0);
      case "mapo" -> Map.of("mapo_timesteps", 10.0);
      case "diffusion_dro" -> Map.of("dro_margin", 0.5);
      case "sppo" -> Map.of("beta", 0.5);
      case "dense_dpo" -> Map.of("beta", 1.0);
      default -> Map.of();
    };
  }

  /** Inputs that reach the loss only through a deliberately detached quantity (no gradient by design). */
  static java.util.Set<String> detachedInputs(String name) {
    // DSPO's coefficient (1 - s(z)) is a detached target weight; z is computed from the summed terms.
    return name.equals("dspo") ? java.util.Set.of("tokens_chosen", "tokens_rejected") : java.util.Set.of();
  }

  static PreferenceLoss create(String name) {
    PreferenceLoss loss = LossRegistry.create(name, params(name));
    if (loss instanceof StatefulLoss s) {
      // BCO: a running mean over "many" earlier batches, so this batch barely moves it.
      s.restore(Map.of("delta", 0.05, "batches", 1e12));
    }
    return loss;
  }

  /** The batch's terms for {@code loss}, with the scores the loss reads. */
  static PreferenceTerms terms(String name, TestBatch batch, NDManager m, Map<String, NDArray> p) {
    PreferenceTerms t = batch.withStructure(m, batch.terms(m, p));
    if (name.equals("sppo") || name.equals("modpo")) t = batch.withScores(m, t, name.equals("modpo"));
    return t;
  }

  /** Re-arms per-batch state so every evaluation of a stateful loss sees the same running mean. */
  static void reset(PreferenceLoss loss) {
    if (loss instanceof StatefulLoss s) s.restore(Map.of("delta", 0.05, "batches", 1e12));
  }
}
