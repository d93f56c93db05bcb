package dev.align4j.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import dev.align4j.losses.Scalars;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Multi-head scaled dot-product attention with {@link LoraLinear} projections {@code q, k, v} (queries from
 * {@code x}, keys and values from a context) and {@code o}: what the causal LM's self-attention and the
 * UNet's cross-attention share. Subclasses decide what attends to what (masks, caches).
 */
public abstract class MultiHeadAttention extends AbstractBlock {
  protected final int heads;
  protected final LoraLinear q;
  protected final LoraLinear k;
  protected final LoraLinear v;
  protected final LoraLinear o;

  /**
   * Attention of {@code dim}-wide queries over a {@code contextDim}-wide context in {@code heads} heads;
   * {@code qkvBias} gives the q, k and v projections a bias ({@code o} always has one).
   */
  protected MultiHeadAttention(byte version, int dim, int contextDim, int heads, boolean qkvBias) {
    super(version);
    if (heads <= 0 || dim % heads != 0) {
      throw new IllegalArgumentException("attention width " + dim + " must be a positive multiple of heads " + heads);
    }
    this.heads = heads;
    q = addChildBlock("q", new LoraLinear(dim, dim, qkvBias));
    k = addChildBlock("k", new LoraLinear(contextDim, dim, qkvBias));
    v = addChildBlock("v", new LoraLinear(contextDim, dim, qkvBias));
    o = addChildBlock("o", new LoraLinear(dim, dim, true));
  }

  /** The projections by their short names (the LoRA target names): q, k, v, o. */
  public Map<String, LoraLinear> projections() {
    Map<String, LoraLinear> map = new LinkedHashMap<>();
    map.put("q", q);
    map.put("k", k);
    map.put("v", v);
    map.put("o", o);
    return map;
  }

  /** {@code projection(x)} split into heads: {@code [B, T, d]} to {@code [B, heads, T, d / heads]}. */
  protected NDArray split(LoraLinear projection, ParameterStore store, NDArray x, boolean training) {
    NDArray y = projection.forward(store, x, training);
    long batch = y.getShape().get(0);
    long length = y.getShape().get(1);
    long width = y.getShape().get(2);
    return y.reshape(batch, length, heads, width / heads).transpose(0, 2, 1, 3);
  }

  /**
   * {@code o} of the heads' {@code softmax(q k^T / sqrt(d_head) + bias) v}, merged back to {@code [B, T, d]};
   * {@code bias} (additive, broadcast to the scores {@code [B, heads, T_q, T_k]}) may be null.
   */
  protected NDArray attend(ParameterStore store, NDArray queries, NDArray keys, NDArray values, NDArray bias,
      boolean training) {
    double scale = 1.0 / Math.sqrt(queries.getShape().get(3));
    NDArray scores = queries.mul(Scalars.of(scale)).matMul(keys.transpose(0, 1, 3, 2));
    if (bias != null) scores = scores.add(bias);
    NDArray mixed = scores.softmax(-1).matMul(values);
    long batch = mixed.getShape().get(0);
    long length = mixed.getShape().get(2);
    NDArray merged = mixed.transpose(0, 2, 1, 3).reshape(batch, length, heads * mixed.getShape().get(3));
    return o.forward(store, merged, training);
  }

  /** The output has the queries' shape. */
  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {inputShapes[0]};
  }
}
