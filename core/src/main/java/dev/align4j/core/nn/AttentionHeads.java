package dev.align4j.core.nn;

import ai.djl.ndarray.NDArray;
import dev.align4j.losses.Scalars;

/**
 * Multi-head scaled dot-product attention on projected queries, keys and values: the head split and merge
 * and the attention itself, shared by the causal LM's self-attention and the UNet's cross-attention.
 */
public final class AttentionHeads {
  private AttentionHeads() {}

  /** {@code [B, T, d]} to {@code [B, heads, T, d / heads]}. */
  public static NDArray split(NDArray x, int heads) {
    long batch = x.getShape().get(0);
    long length = x.getShape().get(1);
    long width = x.getShape().get(2);
    return x.reshape(batch, length, heads, width / heads).transpose(0, 2, 1, 3);
  }

  /** {@code [B, heads, T, d / heads]} back to {@code [B, T, d]}. */
  public static NDArray merge(NDArray x) {
    long batch = x.getShape().get(0);
    long heads = x.getShape().get(1);
    long length = x.getShape().get(2);
    long headDim = x.getShape().get(3);
    return x.transpose(0, 2, 1, 3).reshape(batch, length, heads * headDim);
  }

  /**
   * {@code softmax(q k^T / sqrt(d_head) + bias) v} per head, on split arrays ({@code [B, heads, T, d_head]});
   * {@code bias} (additive, broadcast to the scores) may be null.
   */
  public static NDArray attend(NDArray queries, NDArray keys, NDArray values, NDArray bias) {
    double scale = 1.0 / Math.sqrt(queries.getShape().get(3));
    NDArray scores = queries.mul(Scalars.of(scale)).matMul(keys.transpose(0, 1, 3, 2));
    if (bias != null) scores = scores.add(bias);
    return scores.softmax(-1).matMul(values);
  }
}
