package dev.align4j.text.gpt;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The shape of a {@link Gpt}. JSON field names are snake_case, as in a checkpoint's {@code config.json}.
 *
 * @param vocabSize number of token ids V
 * @param contextLength longest sequence the learned position embeddings cover
 * @param dModel width of the residual stream
 * @param nLayers number of transformer layers
 * @param nHeads attention heads per layer ({@code dModel} must be a multiple)
 * @param mlpRatio MLP hidden width as a multiple of {@code dModel}
 * @param dropout dropout rate on embeddings and residual branches while training (0 = off)
 * @param tieEmbeddings whether the output projection reuses the token embedding (logits = h · Eᵀ)
 */
public record GptConfig(
    @JsonProperty("vocab_size") int vocabSize,
    @JsonProperty("context_length") int contextLength,
    @JsonProperty("d_model") int dModel,
    @JsonProperty("n_layers") int nLayers,
    @JsonProperty("n_heads") int nHeads,
    @JsonProperty("mlp_ratio") int mlpRatio,
    @JsonProperty("dropout") float dropout,
    @JsonProperty("tie_embeddings") boolean tieEmbeddings) {

  public GptConfig {
    positive("vocab_size", vocabSize);
    positive("context_length", contextLength);
    positive("d_model", dModel);
    positive("n_layers", nLayers);
    positive("n_heads", nHeads);
    positive("mlp_ratio", mlpRatio);
    if (dModel % nHeads != 0) {
      throw new IllegalArgumentException("d_model (" + dModel + ") must be a multiple of n_heads (" + nHeads + ")");
    }
    if (!(dropout >= 0 && dropout < 1)) {
      throw new IllegalArgumentException("dropout must be in [0, 1), got " + dropout);
    }
  }

  /** A config with the usual defaults: mlp_ratio 4, dropout 0, tied embeddings. */
  public static GptConfig of(int vocabSize, int contextLength, int dModel, int nLayers, int nHeads) {
    return new GptConfig(vocabSize, contextLength, dModel, nLayers, nHeads, 4, 0f, true);
  }

  /** Hidden width of each layer's MLP. */
  public int mlpHidden() {
    return mlpRatio * dModel;
  }

  private static void positive(String name, int value) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + " must be positive, got " + value);
    }
  }
}
