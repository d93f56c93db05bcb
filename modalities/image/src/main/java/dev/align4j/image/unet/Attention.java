package dev.align4j.image.unet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.align4j.core.nn.AttentionHeads;
import dev.align4j.core.nn.LoraLinear;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Multi-head attention of queries {@code x [B, N, C]} over a context {@code [B, L, D]} (itself for
 * self-attention), no mask: as Stable Diffusion's UNet attends to the padded caption. Projections
 * {@code q, k, v} (no bias) and {@code o} (with bias) are {@link LoraLinear}s, the usual LoRA targets.
 */
final class Attention extends AbstractBlock {
  private final int heads;
  private final LoraLinear q;
  private final LoraLinear k;
  private final LoraLinear v;
  private final LoraLinear o;

  Attention(int dim, int contextDim, int heads) {
    super((byte) 1);
    if (heads <= 0 || dim % heads != 0) {
      throw new IllegalArgumentException("attention width " + dim + " must be a positive multiple of heads " + heads);
    }
    this.heads = heads;
    q = addChildBlock("q", new LoraLinear(dim, dim, false));
    k = addChildBlock("k", new LoraLinear(contextDim, dim, false));
    v = addChildBlock("v", new LoraLinear(contextDim, dim, false));
    o = addChildBlock("o", new LoraLinear(dim, dim, true));
  }

  /** The projections by their short names (the LoRA target names): q, k, v, o. */
  Map<String, LoraLinear> projections() {
    Map<String, LoraLinear> map = new LinkedHashMap<>();
    map.put("q", q);
    map.put("k", k);
    map.put("v", v);
    map.put("o", o);
    return map;
  }

  NDArray forward(ParameterStore store, NDArray x, NDArray context, boolean training) {
    NDArray queries = AttentionHeads.split(q.forward(store, x, training), heads);
    NDArray keys = AttentionHeads.split(k.forward(store, context, training), heads);
    NDArray values = AttentionHeads.split(v.forward(store, context, training), heads);
    NDArray mixed = AttentionHeads.attend(queries, keys, values, null);
    return o.forward(store, AttentionHeads.merge(mixed), training);
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray x = inputs.get(0);
    return new NDList(forward(store, x, inputs.size() > 1 ? inputs.get(1) : x, training));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {inputShapes[0]};
  }
}
