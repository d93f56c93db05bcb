package dev.align4j.core.terms;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.align4j.losses.LossRegistry;
import dev.align4j.losses.LossSpec;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Every registered loss has golden cases from the numpy reference (tools/golden/losses_golden.py), so a loss
 * cannot be registered without an independent check of its formula and metrics.
 */
class GoldenCoverageTest {
  /** Losses allowed to lack golden cases; keep empty. Add a name only with a comment saying why. */
  private static final Set<String> EXEMPT = Set.of();

  @Test
  void everyRegisteredLossHasGoldenCases() throws Exception {
    JsonNode root;
    try (InputStream in = getClass().getResourceAsStream("/golden/losses.json")) {
      root = new ObjectMapper().readTree(in);
    }
    Set<String> covered = new HashSet<>();
    for (JsonNode c : root.get("cases")) {
      JsonNode type = c.get("loss_type");
      if (type.isArray()) type.forEach(t -> covered.add(t.asText()));
      else covered.add(type.asText());
    }
    List<String> missing = new ArrayList<>();
    for (LossSpec spec : LossRegistry.specs()) {
      if (!covered.contains(spec.name()) && !EXEMPT.contains(spec.name())) missing.add(spec.name());
    }
    assertTrue(missing.isEmpty(), "registered losses without golden cases in tools/golden/losses_golden.py: "
        + missing);
  }
}
