package dev.align4j.text.gpt;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The adapters attached to a {@link Gpt}: rank r, alpha (updates are scaled by alpha / r) and the
 * projections that carry them ({@code q, k, v, o, mlp_in, mlp_out}) in every layer.
 */
public record LoraConfig(
    @JsonProperty("rank") int rank,
    @JsonProperty("alpha") float alpha,
    @JsonProperty("target_modules") List<String> targetModules) {

  public LoraConfig {
    if (rank <= 0) {
      throw new IllegalArgumentException("LoRA rank must be positive, got " + rank);
    }
    targetModules = List.copyOf(targetModules);
    if (targetModules.isEmpty()) {
      throw new IllegalArgumentException("LoRA needs at least one target module");
    }
  }
}
