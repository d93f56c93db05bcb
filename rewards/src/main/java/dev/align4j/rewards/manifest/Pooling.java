package dev.align4j.rewards.manifest;

/**
 * How a text tower's per-token states become one embedding ({@code text.pooling}). The graphs of BERT-family
 * sentence encoders (all-MiniLM, bge, e5 as exported for ONNX) end at {@code last_hidden_state}
 * {@code [batch, tokens, dim]}; the pooling their model card prescribes happens outside the graph.
 */
public enum Pooling {
  /** The graph pools itself and outputs {@code text_embeds} {@code [batch, dim]} (CLIP exports). */
  NONE("none"),
  /** The mean of {@code last_hidden_state} over the attention mask (sentence-transformers, e5). */
  MEAN("mean"),
  /** The first token's ({@code [CLS]}) row of {@code last_hidden_state} (bge). */
  CLS("cls");

  private final String id;

  Pooling(String id) {
    this.id = id;
  }

  /** The manifest spelling. */
  public String id() {
    return id;
  }
}
