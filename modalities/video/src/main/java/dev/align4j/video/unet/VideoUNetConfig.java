package dev.align4j.video.unet;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.align4j.core.util.UserError;
import dev.align4j.diffusion.Prediction;
import java.util.List;

/**
 * The shape of a {@link VideoUNet} (snake_case JSON as in its {@code config.json}, diffusers'
 * {@code UNet3DConditionModel} names where one exists).
 *
 * @param inChannels channels of a frame (3 for RGB pixels)
 * @param numFrames frames per clip F (the frame-position embedding has one row per frame)
 * @param sampleSize height and width of a frame (divisible by 2^(levels - 1))
 * @param blockChannels width at each resolution, highest first
 * @param groups GroupNorm groups (capped by a layer's width)
 * @param timeEmbedDim width of the timestep embedding
 * @param contextDim width of the caption embeddings
 * @param attentionHeads heads of the spatial attention
 * @param temporalKernel frames the temporal convolution sees at once (odd)
 * @param predictionType "epsilon" or "v_prediction"
 */
public record VideoUNetConfig(
    @JsonProperty("in_channels") int inChannels,
    @JsonProperty("num_frames") int numFrames,
    @JsonProperty("sample_size") int sampleSize,
    @JsonProperty("block_out_channels") List<Integer> blockChannels,
    @JsonProperty("norm_num_groups") int groups,
    @JsonProperty("time_embed_dim") int timeEmbedDim,
    @JsonProperty("cross_attention_dim") int contextDim,
    @JsonProperty("attention_heads") int attentionHeads,
    @JsonProperty("temporal_kernel") int temporalKernel,
    @JsonProperty("prediction_type") String predictionType) {

  public VideoUNetConfig {
    blockChannels = List.copyOf(blockChannels);
    if (inChannels <= 0 || numFrames <= 0 || sampleSize <= 0 || groups <= 0 || timeEmbedDim <= 0 || contextDim <= 0
        || attentionHeads <= 0 || blockChannels.isEmpty() || blockChannels.stream().anyMatch(c -> c <= 0)) {
      throw new UserError("video UNet config: every size must be positive, got " + this);
    }
    if (sampleSize % (1 << (blockChannels.size() - 1)) != 0) {
      throw new UserError("video UNet config: sample_size " + sampleSize + " must be divisible by 2^"
          + (blockChannels.size() - 1));
    }
    if (blockChannels.get(blockChannels.size() - 1) % attentionHeads != 0) {
      throw new UserError("video UNet config: the lowest width must be a multiple of attention_heads "
          + attentionHeads);
    }
    if (temporalKernel <= 0 || temporalKernel % 2 == 0) {
      throw new UserError("video UNet config: temporal_kernel must be odd and positive, got " + temporalKernel);
    }
    prediction(predictionType);
  }

  /** The moving-shapes world's network: 8 RGB frames of 16x16, widths 32/64, 64-wide captions, v-prediction. */
  public static VideoUNetConfig movingShapes() {
    return new VideoUNetConfig(3, 8, 16, List.of(32, 64), 8, 64, 64, 4, 3, "v_prediction");
  }

  /** What the network predicts. */
  @JsonIgnore
  public Prediction prediction() {
    return prediction(predictionType);
  }

  /** The same network with other widths (tests use narrow ones). */
  public VideoUNetConfig withChannels(List<Integer> widths, int groupCount) {
    return new VideoUNetConfig(inChannels, numFrames, sampleSize, widths, groupCount, timeEmbedDim, contextDim,
        attentionHeads, temporalKernel, predictionType);
  }

  private static Prediction prediction(String name) {
    return switch (name == null ? "" : name) {
      case "epsilon" -> Prediction.EPSILON;
      case "v_prediction" -> Prediction.V_PREDICTION;
      default -> throw new UserError("video UNet config: prediction_type '" + name + "' (epsilon, v_prediction)");
    };
  }
}
