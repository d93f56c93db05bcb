package dev.align4j.losses;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LossRegistryTest {
  private static String error(Runnable r) {
    return assertThrows(IllegalArgumentException.class, r::run).getMessage();
  }

  @Test
  void everyLossBuildsWithItsDefaultsAndIsDocumented() {
    assertTrue(LossRegistry.specs().size() >= 46);
    for (LossSpec s : LossRegistry.specs()) {
      assertFalse(s.source().isBlank(), s.name());
      assertFalse(s.summary().isBlank(), s.name());
      assertEquals(s.name(), LossRegistry.create(s.name(), Map.of()).name());
    }
  }

  @Test
  void badHyperParametersNameTheParameterAndRange() {
    assertEquals("loss 'exo_pair': label_smoothing must be in (0, 0.5], got 0",
        error(() -> LossRegistry.create("exo_pair", Map.of("label_smoothing", 0))));
    assertEquals("loss 'robust': label_smoothing must be in [0, 0.5), got 0.5",
        error(() -> LossRegistry.create("robust", Map.of("label_smoothing", "0.5"))));
    assertEquals("loss 'sigmoid': beta must be in (0, inf), got -1",
        error(() -> LossRegistry.create("sigmoid", Map.of("beta", -1))));
    assertEquals("loss 'sigmoid': beta must be a number, got 'abc'",
        error(() -> LossRegistry.create("sigmoid", Map.of("beta", "abc"))));
    assertTrue(error(() -> LossRegistry.create("sigmoid", Map.of("f_alpha_divergence_coef", 1.0)))
        .contains("f_alpha_divergence_coef must differ from 1"));
    assertTrue(error(() -> LossRegistry.create("sigmoid", Map.of("f_divergence_type", "kl")))
        .contains("must be one of reverse_kl, forward_kl, js_divergence, alpha_divergence"));
    assertTrue(error(() -> LossRegistry.create("modpo", Map.of("modpo_weights", List.of(0.5, 0.6))))
        .contains("modpo_weights must sum to 1"));
    assertTrue(error(() -> LossRegistry.create("sigmoid", Map.of("beta", Double.NaN))).contains("beta"));
  }

  @Test
  void unknownNamesSuggestTheNearest() {
    assertEquals("unknown loss 'sigmod'; did you mean 'sigmoid'?",
        error(() -> LossRegistry.create("sigmod", Map.of())));
    assertEquals("loss 'sigmoid' has no parameter 'betta'; did you mean 'beta'?",
        error(() -> LossRegistry.create("sigmoid", Map.of("betta", 0.1))));
    assertTrue(error(() -> LossRegistry.create(List.of("sigmoid", "sft"), List.of(1.0), Map.of()))
        .contains("loss_weights has 1 values for 2 loss_type entries"));
    assertEquals("aot_unpaired", LossRegistry.spec("aot_pair").name());
  }

  @Test
  void missingInputsNameWhatTheLossNeeds() {
    try (NDManager m = NDManager.newBaseManager()) {
      PreferenceTerms t = PreferenceTerms.builder()
          .policy(m.create(new double[] {-1}), m.create(new double[] {-2})).build();
      assertEquals("loss 'sigmoid' needs ref_chosen, ref_rejected",
          error(() -> LossRegistry.create("sigmoid", Map.of()).compute(t)));
      assertTrue(error(() -> LossRegistry.create("kto", Map.of()).compute(t)).contains("label"));
      assertTrue(error(() -> LossRegistry.create("tdpo1", Map.of()).compute(t)).contains("chosen_tokens"));
    }
  }

  @Test
  void bcoStateRoundTrips() {
    try (NDManager m = NDManager.newBaseManager()) {
      PreferenceTerms t = PreferenceTerms.builder()
          .policy(m.create(new double[] {-1, -3}), null).reference(m.create(new double[] {-1.5, -2}), null)
          .labels(m.create(new double[] {1, 0})).build();
      StatefulLoss a = (StatefulLoss) LossRegistry.create("bco", Map.of());
      a.compute(t);
      StatefulLoss b = (StatefulLoss) LossRegistry.create("bco", Map.of());
      b.restore(a.state());
      assertEquals(a.compute(t).loss().getDouble(), b.compute(t).loss().getDouble(), 0);
      assertEquals(a.state(), b.state());
    }
  }
}
