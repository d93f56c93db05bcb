package dev.align4j.core.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.google.common.base.Preconditions;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The {@code trainable:} section: which parameters train. {@code full} trains all; {@code lora} attaches
 * adapters (PEFT's names: {@code r}, {@code lora_alpha}, {@code target_modules}) and trains only them;
 * {@code filter} trains parameters whose name matches a regular expression.
 */
public record TrainableConfig(
    @JsonProperty("mode") String mode,
    @JsonProperty("r") Integer rank,
    @JsonProperty("lora_alpha") Double loraAlpha,
    @JsonProperty("target_modules") List<String> targetModules,
    @JsonProperty("filter") String filter) {

  public static final List<String> MODES = List.of("full", "lora", "filter");

  public TrainableConfig {
    mode = mode == null ? "full" : mode;
    rank = rank == null ? 8 : rank;
    loraAlpha = loraAlpha == null ? 16.0 : loraAlpha;
    targetModules = targetModules == null ? List.of("q", "v") : List.copyOf(targetModules);
    Preconditions.checkArgument(MODES.contains(mode), "trainable.mode must be one of %s, got '%s'", MODES, mode);
    Preconditions.checkArgument(rank > 0, "trainable.r must be > 0, got %s", rank);
    Preconditions.checkArgument(loraAlpha > 0, "trainable.lora_alpha must be > 0, got %s", loraAlpha);
    Preconditions.checkArgument(!mode.equals("filter") || (filter != null && !filter.isBlank()),
        "trainable.mode filter needs trainable.filter (a regular expression over parameter names)");
    if (filter != null) Pattern.compile(filter);
  }

  public static TrainableConfig defaults() {
    return new TrainableConfig(null, null, null, null, null);
  }

  /** Whether a parameter of this name trains. */
  public boolean trains(String parameterName) {
    return switch (mode) {
      case "lora" -> parameterName.contains("lora");
      case "filter" -> Pattern.compile(filter).matcher(parameterName).find();
      default -> true;
    };
  }
}
