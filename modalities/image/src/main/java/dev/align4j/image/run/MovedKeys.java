package dev.align4j.image.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.align4j.core.util.UserError;
import java.util.List;

/**
 * Keys that moved into the method sections, with where they went: a config written before the move gets one
 * line saying what to write instead (docs/image.md, "Methods and their sections").
 */
final class MovedKeys {
  private static final List<String> SPO_KEYS = List.of("candidates", "threshold", "temperature");

  private MovedKeys() {}

  /** Fails on a moved key, naming its new place. */
  static void check(ObjectNode root, String source) {
    JsonNode model = root.get("model");
    if (model != null && model.has("latents")) {
      String v = model.get("latents").asText();
      throw new UserError(source + ": model.latents was replaced by the method sections: "
          + (v.equals("inversion") ? "for InPO write 'inpo: {}' (keys inversion_steps, noise_scale)"
              : "remove it (forward noising is the default)"));
    }
    JsonNode online = root.get("online");
    if (online == null || !online.isObject()) return;
    for (String key : SPO_KEYS) {
      if (online.has(key)) {
        throw new UserError(source + ": online." + key + " moved to spo." + key + " (SPO's own section)");
      }
    }
    if (online.has("steps_per_batch")) {
      throw new UserError(source + ": online.steps_per_batch moved to the method's section: spo.steps_per_batch "
          + "or d3po.steps_per_batch");
    }
  }
}
