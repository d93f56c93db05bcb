package dev.align4j.rewards.train;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.google.common.base.Preconditions;
import java.util.List;

/**
 * The shape of a {@link TwoTower} model (what {@code config.json} records next to its weights).
 *
 * @param vocabSize tokens of the tokenizer
 * @param maxLength tokens per prompt (start and end included), the text tower's fixed input length
 * @param textWidth token and position embedding width
 * @param textHidden hidden units of the text MLP
 * @param imageSize side of the square {@code pixel_values}
 * @param channels output channels of each 3x3 convolution (each followed by ReLU and 2x2 max pooling)
 * @param imageHidden hidden units of the image MLP
 * @param embedDim the shared embedding dimension
 */
public record TwoTowerSpec(
    @JsonProperty("vocab_size") int vocabSize,
    @JsonProperty("max_length") int maxLength,
    @JsonProperty("text_width") int textWidth,
    @JsonProperty("text_hidden") int textHidden,
    @JsonProperty("image_size") int imageSize,
    @JsonProperty("channels") List<Integer> channels,
    @JsonProperty("image_hidden") int imageHidden,
    @JsonProperty("embed_dim") int embedDim) {

  public TwoTowerSpec {
    channels = List.copyOf(channels);
    Preconditions.checkArgument(vocabSize > 0 && maxLength >= 3, "vocab_size > 0 and max_length >= 3");
    Preconditions.checkArgument(textWidth > 0 && textHidden > 0 && imageHidden > 0 && embedDim > 0,
        "widths must be > 0");
    Preconditions.checkArgument(!channels.isEmpty() && channels.stream().allMatch(c -> c > 0),
        "model.channels: one or more positive channel counts, got %s", channels);
    Preconditions.checkArgument(imageSize % (1 << channels.size()) == 0,
        "model.image_size %s must be divisible by 2^%s (one 2x2 pooling per convolution)", imageSize, channels.size());
  }

  /** Side of the last feature map. */
  public int featureSide() {
    return imageSize >> channels.size();
  }

  /** Inputs of the image MLP: last channels x side x side. */
  public int imageFeatures() {
    return channels.get(channels.size() - 1) * featureSide() * featureSide();
  }
}
