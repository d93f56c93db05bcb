package dev.align4j.image.unet;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.align4j.core.util.UserError;
import dev.align4j.diffusion.Prediction;
import java.util.List;

/**
 * The shape of a {@link UNet} (snake_case JSON, as in a saved model's {@code config.json}, with diffusers'
 * names where one exists).
 *
 * @param inChannels channels of the samples (3 for RGB pixels)
 * @param sampleSize height and width of the samples (divisible by 2^(levels - 1))
 * @param blockChannels width at each resolution, highest first; each further level halves the resolution
 * @param groups GroupNorm groups (capped by a layer's width)
 * @param timeEmbedDim width of the timestep embedding MLP
 * @param contextDim width of the caption embeddings the lowest level cross-attends to
 * @param attentionHeads heads of every attention
 * @param predictionType "epsilon" or "v_prediction"
 */
public record UNetConfig(
    @JsonProperty("in_channels") int inChannels,
    @JsonProperty("sample_size") int sampleSize,
    @JsonProperty("block_out_channels") List<Integer> blockChannels,
    @JsonProperty("norm_num_groups") int groups,
    @JsonProperty("time_embed_dim") int timeEmbedDim,
    @JsonProperty("cross_attention_dim") int contextDim,
    @JsonProperty("attention_heads") int attentionHeads,
    @JsonProperty("prediction_type") String predictionType) {

  public UNetConfig {
    blockChannels = List.copyOf(blockChannels);
    if (inChannels <= 0 || sampleSize <= 0 || groups <= 0 || timeEmbedDim <= 0 || contextDim <= 0
        || attentionHeads <= 0 || blockChannels.isEmpty() || blockChannels.stream().anyMatch(c -> c <= 0)) {
      throw new UserError("UNet config: every size must be positive, got " + this);
    }
    if (sampleSize % (1 << (blockChannels.size() - 1)) != 0) {
      throw new UserError("UNet config: sample_size " + sampleSize + " must be divisible by 2^"
          + (blockChannels.size() - 1) + " for " + blockChannels.size() + " levels");
    }
    int lowest = blockChannels.get(blockChannels.size() - 1);
    if (lowest % attentionHeads != 0) {
      throw new UserError("UNet config: the lowest level's width " + lowest + " must be a multiple of attention_heads "
          + attentionHeads);
    }
    prediction(predictionType);
  }

  /** The shapes world's network: 32x32 RGB, widths 24/48/64 at 32, 16 and 8 pixels, 64-wide captions. */
  public static UNetConfig shapes() {
    return new UNetConfig(3, 32, List.of(24, 48, 64), 8, 128, 64, 4, "epsilon");
  }

  /** What the network predicts. */
  @JsonIgnore
  public Prediction prediction() {
    return prediction(predictionType);
  }

  /** The same network predicting {@code p}. */
  public UNetConfig withPrediction(Prediction p) {
    return new UNetConfig(inChannels, sampleSize, blockChannels, groups, timeEmbedDim, contextDim, attentionHeads,
        p.configName());
  }

  private static Prediction prediction(String name) {
    return switch (name == null ? "" : name) {
      case "epsilon" -> Prediction.EPSILON;
      case "v_prediction" -> Prediction.V_PREDICTION;
      case "flow_prediction" -> Prediction.FLOW;
      default -> throw new UserError("UNet config: prediction_type '" + name
          + "' (epsilon, v_prediction, flow_prediction)");
    };
  }
}
