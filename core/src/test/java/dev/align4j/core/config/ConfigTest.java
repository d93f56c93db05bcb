package dev.align4j.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.align4j.core.util.UserError;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigTest {
  private static ObjectNode tree(String yaml) throws Exception {
    return (ObjectNode) ConfigLoader.YAML.readTree(yaml);
  }

  @Test
  void overridesUseDottedKeysAndYamlValues() throws Exception {
    ObjectNode root = tree("trainer:\n  max_steps: 10\n");
    ConfigLoader.override(root, List.of("trainer.save_steps=5", "loss.loss_type=[sigmoid, sft]", "trainer.seed=7"));
    RunConfig cfg = ConfigLoader.bind(root, RunConfig.class, "c.yaml", "");
    assertEquals(5, cfg.trainer().saveSteps());
    assertEquals(10, cfg.trainer().maxSteps());
    assertEquals(7L, cfg.trainer().seed());
    assertEquals(List.of("sigmoid", "sft"), cfg.loss().get("loss_type"));
  }

  @Test
  void unknownKeysNameTheNearestValidOne() throws Exception {
    UserError e = assertThrows(UserError.class,
        () -> ConfigLoader.bind(tree("trainer:\n  learing_rate: 0.1\n"), RunConfig.class, "c.yaml", ""));
    assertEquals("c.yaml: unknown config key 'trainer.learing_rate'; did you mean 'learning_rate'?", e.getMessage());
    UserError top = assertThrows(UserError.class,
        () -> ConfigLoader.bind(tree("trainr: {}\n"), RunConfig.class, "c.yaml", ""));
    assertTrue(top.getMessage().contains("'trainer'"), top.getMessage());
  }

  @Test
  void badValuesNameTheKey() throws Exception {
    UserError e = assertThrows(UserError.class,
        () -> ConfigLoader.bind(tree("trainer:\n  warmup_ratio: 2\n"), RunConfig.class, "c.yaml", ""));
    assertTrue(e.getMessage().contains("warmup_ratio must be in [0, 1)"), e.getMessage());
  }

  @Test
  void trainableSubsets() {
    TrainableConfig lora = new TrainableConfig("lora", 4, 8.0, List.of("q"), null);
    assertTrue(lora.trains("01layer_02attn_01q_lora_a"));
    assertFalse(lora.trains("01layer_02attn_01q_weight"));
    TrainableConfig filter = new TrainableConfig("filter", null, null, null, "ln_f|mlp_out");
    assertTrue(filter.trains("05ln_f_gamma"));
    assertFalse(filter.trains("tok_emb"));
    assertTrue(TrainableConfig.defaults().trains("anything"));
    assertThrows(IllegalArgumentException.class, () -> new TrainableConfig("filter", null, null, null, null));
  }
}
