package dev.align4j.image.unet;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.align4j.core.util.UserError;
import java.util.HashSet;
import java.util.List;

/**
 * The shape of a {@link WordCaptionEncoder}: its word vocabulary (ids 2.. in this order; 0 is padding, 1 the
 * start token), the padded length, width, transformer layers and heads.
 */
public record WordEncoderConfig(
    @JsonProperty("vocabulary") List<String> vocabulary,
    @JsonProperty("max_length") int maxLength,
    @JsonProperty("hidden_size") int dim,
    @JsonProperty("num_layers") int layers,
    @JsonProperty("num_heads") int heads) {

  public WordEncoderConfig {
    vocabulary = List.copyOf(vocabulary);
    if (vocabulary.isEmpty() || new HashSet<>(vocabulary).size() != vocabulary.size()) {
      throw new UserError("caption encoder config: the vocabulary must be non-empty and without duplicates");
    }
    if (maxLength < 2 || dim <= 0 || layers < 0 || heads <= 0 || dim % heads != 0) {
      throw new UserError("caption encoder config: max_length >= 2, hidden_size a positive multiple of num_heads, "
          + "num_layers >= 0; got " + this);
    }
  }

  /** Token ids: padding, start, then the words. */
  public int vocabSize() {
    return vocabulary.size() + 2;
  }
}
