package dev.align4j.image.unet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.align4j.core.nn.LoraLinear;
import dev.align4j.core.nn.MultiHeadAttention;

/**
 * Multi-head attention of queries {@code x [B, N, C]} over a context {@code [B, L, D]} (itself for
 * self-attention), no mask: as Stable Diffusion's UNet attends to the padded caption. Projections
 * {@code q, k, v} (no bias) and {@code o} (with bias) are {@link LoraLinear}s, the usual LoRA targets.
 */
final class Attention extends MultiHeadAttention {
  Attention(int dim, int contextDim, int heads) {
    super((byte) 1, dim, contextDim, heads, false);
  }

  NDArray forward(ParameterStore store, NDArray x, NDArray context, boolean training) {
    NDArray queries = split(q, store, x, training);
    NDArray keys = split(k, store, context, training);
    NDArray values = split(v, store, context, training);
    return attend(store, queries, keys, values, null, training);
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray x = inputs.get(0);
    return new NDList(forward(store, x, inputs.size() > 1 ? inputs.get(1) : x, training));
  }
}
