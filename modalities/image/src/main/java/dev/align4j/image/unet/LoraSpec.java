package dev.align4j.image.unet;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** Adapters on a network's attention projections: rank r, alpha (updates scaled by alpha / r), targets. */
public record LoraSpec(
    @JsonProperty("rank") int rank,
    @JsonProperty("alpha") float alpha,
    @JsonProperty("target_modules") List<String> targetModules) {

  public LoraSpec {
    if (rank <= 0) throw new IllegalArgumentException("LoRA rank must be positive, got " + rank);
    targetModules = List.copyOf(targetModules);
  }
}
