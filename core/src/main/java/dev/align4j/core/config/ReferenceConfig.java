package dev.align4j.core.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.google.common.base.Preconditions;
import java.util.List;

/**
 * The {@code reference:} section. {@code mode}: {@code frozen_copy} (a copy of the starting policy),
 * {@code adapters_disabled} (the policy with its LoRA adapters off: no copy in memory), {@code precomputed}
 * (sums computed once before training and cached on disk, TRL's precompute_ref_log_probs), or {@code auto}
 * (adapters_disabled under LoRA, else frozen_copy). TR-DPO keys are TRL's.
 */
public record ReferenceConfig(
    @JsonProperty("mode") String mode,
    @JsonProperty("sync_ref_model") Boolean syncRefModel,
    @JsonProperty("ref_model_sync_steps") Integer refModelSyncSteps,
    @JsonProperty("ref_model_mixup_alpha") Double refModelMixupAlpha) {

  public static final List<String> MODES = List.of("auto", "frozen_copy", "adapters_disabled", "precomputed");

  public ReferenceConfig {
    mode = mode == null ? "auto" : mode;
    syncRefModel = syncRefModel != null && syncRefModel;
    refModelSyncSteps = refModelSyncSteps == null ? 512 : refModelSyncSteps;
    refModelMixupAlpha = refModelMixupAlpha == null ? 0.6 : refModelMixupAlpha;
    Preconditions.checkArgument(MODES.contains(mode), "reference.mode must be one of %s, got '%s'", MODES, mode);
    Preconditions.checkArgument(refModelSyncSteps > 0, "reference.ref_model_sync_steps must be > 0");
    Preconditions.checkArgument(refModelMixupAlpha > 0 && refModelMixupAlpha <= 1,
        "reference.ref_model_mixup_alpha must be in (0, 1]");
    Preconditions.checkArgument(!(syncRefModel && (mode.equals("adapters_disabled") || mode.equals("precomputed"))),
        "reference.sync_ref_model needs a frozen_copy reference");
  }

  public static ReferenceConfig defaults() {
    return new ReferenceConfig(null, null, null, null);
  }

  /** The mode to use given whether the policy trains LoRA adapters. */
  public String resolvedMode(boolean lora) {
    if (!mode.equals("auto")) return mode;
    return lora && !syncRefModel ? "adapters_disabled" : "frozen_copy";
  }
}
