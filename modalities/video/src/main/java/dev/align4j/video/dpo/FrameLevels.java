package dev.align4j.video.dpo;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.google.common.base.Preconditions;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code levels:} section of a hierarchical run ({@code loss_type: levels_dpo}): the weight of each level of
 * the frame hierarchy. Each level is the pair's DPO term on the denoising errors of its frames: {@code instance}
 * all frames, {@code state} the boundary frames (first and last: PhysHPO anchors states on them), {@code motion}
 * all frames. With on-policy pairs ranked once, instance and motion see the same frames and differ only by weight;
 * they part when pairs are ranked per level. Defaults are VistaDPO's video / clip / frame weights 0.8 / 0.6 / 0.4.
 */
public record FrameLevels(
    @JsonProperty("instance") Double instance,
    @JsonProperty("state") Double state,
    @JsonProperty("motion") Double motion) {

  public FrameLevels {
    instance = instance == null ? 0.8 : instance;
    state = state == null ? 0.6 : state;
    motion = motion == null ? 0.4 : motion;
    for (double w : new double[] {instance, state, motion}) {
      Preconditions.checkArgument(Double.isFinite(w) && w >= 0, "levels: weights must be finite and >= 0, got %s", w);
    }
    Preconditions.checkArgument(instance + state + motion > 0, "levels: the weights sum to 0");
  }

  public static FrameLevels defaults() {
    return new FrameLevels(null, null, null);
  }

  /** Each level's weight and frame mask over {@code frames} frames (1 where the level looks), in order. */
  public Map<String, Level> masks(int frames) {
    float[] all = new float[frames];
    float[] boundary = new float[frames];
    Arrays.fill(all, 1);
    boundary[0] = 1;
    boundary[frames - 1] = 1;
    Map<String, Level> out = new LinkedHashMap<>();
    out.put("instance", new Level(instance, all));
    out.put("state", new Level(state, boundary));
    out.put("motion", new Level(motion, all));
    return out;
  }

  /** One level: its weight and which frames it sees. */
  public record Level(double weight, float[] mask) {}
}
