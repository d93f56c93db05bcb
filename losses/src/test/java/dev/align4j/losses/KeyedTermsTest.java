package dev.align4j.losses;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Keyed terms: typed access, declared keys, and errors that name the missing key and the loss. */
class KeyedTermsTest {
  /** A key a module could define next to its own loss. */
  private record Bonus(NDArray value) {}

  private static final TermKey<Bonus> BONUS = TermKey.of("bonus", Bonus.class);

  @Test
  void valuesComeBackByKeyAndSurviveToBuilder() {
    try (NDManager m = NDManager.newBaseManager()) {
      Bonus bonus = new Bonus(m.create(new double[] {1, 2}));
      PreferenceTerms t = PreferenceTerms.builder().policy(m.create(new double[] {-1, -2}), null)
          .put(BONUS, bonus).build();
      assertTrue(t.has(BONUS));
      assertEquals(bonus, t.get(BONUS));
      assertEquals(Set.of(BONUS), t.keys());
      assertFalse(t.find(SegmentTerms.KEY).isPresent());
      PreferenceTerms copy = t.toBuilder().labels(m.create(new double[] {1, 0})).build();
      assertEquals(bonus, copy.get(BONUS));
      assertFalse(t.toBuilder().put(BONUS, null).build().has(BONUS));
      assertTrue(assertThrows(IllegalStateException.class, () -> t.get(SegmentTerms.KEY)).getMessage()
          .contains("no 'segments' terms"));
    }
  }

  @Test
  void oneNameHoldsOneType() {
    TermKey<String> clash = TermKey.of("bonus", String.class);
    assertEquals(BONUS, TermKey.of("bonus", Bonus.class));
    assertFalse(BONUS.equals(clash));
    try (NDManager m = NDManager.newBaseManager()) {
      PreferenceTerms.Builder b = PreferenceTerms.builder().put(BONUS, new Bonus(m.create(1.0)));
      assertTrue(assertThrows(IllegalArgumentException.class, () -> b.put(clash, "x")).getMessage()
          .contains("term 'bonus' is already a bonus (Bonus)"));
    }
  }

  @Test
  void lossesDeclareTheirKeysAndMissingOnesAreNamed() {
    assertEquals(Set.of(AlternativeCondition.KEY), LossRegistry.create("mdpo", Map.of()).keys());
    assertEquals(Set.of(CorrectedTokens.KEY), LossRegistry.create("rlhf_v", Map.of()).keys());
    assertEquals(Set.of(LevelTerms.KEY), LossRegistry.create("levels_dpo", Map.of()).keys());
    assertEquals(Set.of(SegmentTerms.KEY), LossRegistry.create("dense_dpo", Map.of()).keys());
    assertEquals(Set.of(), LossRegistry.create("sigmoid", Map.of()).keys());
    assertEquals(Set.of(AlternativeCondition.KEY),
        LossRegistry.create(List.of("sigmoid", "mdpo"), List.of(1.0, 1.0), Map.of()).keys());
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray a = m.create(new double[] {-1, -2});
      PreferenceTerms t = PreferenceTerms.builder().policy(a, a).reference(a, a).build();
      assertEquals("loss 'mdpo' needs 'alternative_condition' terms (AlternativeCondition)",
          assertThrows(InvalidLossException.class, () -> LossRegistry.create("mdpo", Map.of()).compute(t))
              .getMessage());
      assertEquals("loss 'dense_dpo' needs 'segments' terms (SegmentTerms)",
          assertThrows(InvalidLossException.class, () -> LossRegistry.create("dense_dpo", Map.of()).compute(t))
              .getMessage());
      assertEquals("loss 'levels_dpo' needs 'levels' terms (LevelTerms)",
          assertThrows(InvalidLossException.class, () -> LossRegistry.create("levels_dpo", Map.of()).compute(t))
              .getMessage());
    }
  }

  @Test
  void levelsReportPerLevelMetricsAndNameABrokenLevel() {
    try (NDManager m = NDManager.newBaseManager()) {
      PreferenceTerms good = PreferenceTerms.builder().policy(m.create(new double[] {-1}), m.create(new double[] {-3}))
          .reference(m.create(new double[] {-2}), m.create(new double[] {-2})).build();
      PreferenceTerms bad = PreferenceTerms.builder().policy(m.create(new double[] {-1}), m.create(new double[] {-3}))
          .build();
      Map<String, LevelTerms.Level> levels = new LinkedHashMap<>();
      levels.put("motion", new LevelTerms.Level(0.5, good));
      PreferenceTerms t = PreferenceTerms.builder().put(LevelTerms.KEY, new LevelTerms(levels)).build();
      LossOutput out = LossRegistry.create("levels_dpo", Map.of()).compute(t);
      assertEquals(1.0, out.metrics().get("rewards/accuracies/motion").getDouble());
      assertEquals(1.0, out.metrics().get("rewards/accuracies").getDouble());
      assertEquals(0.5 * -Math.log(1 / (1 + Math.exp(-0.2))), out.loss().getDouble(), 1e-12);
      levels.put("state", new LevelTerms.Level(0.5, bad));
      PreferenceTerms broken = PreferenceTerms.builder().put(LevelTerms.KEY, new LevelTerms(levels)).build();
      assertEquals("level 'state' of loss 'levels_dpo' needs ref_chosen, ref_rejected",
          assertThrows(InvalidLossException.class,
              () -> LossRegistry.create("levels_dpo", Map.of()).compute(broken)).getMessage());
    }
  }
}
