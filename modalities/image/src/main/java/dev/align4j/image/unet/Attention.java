package dev.align4j.image.unet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.align4j.core.nn.LoraLinear;
import dev.align4j.losses.Scalars;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Multi-head attention of queries {@code x [B, N, C]} over a context {@code [B, L, D]} (itself for
 * self-attention), no mask: as Stable Diffusion's UNet attends to the padded caption. Projections
 * {@code q, k, v} (no bias) and {@code o} (with bias) are {@link LoraLinear}s, the usual LoRA targets.
 */
final class Attention extends AbstractBlock {
  private final int dim;
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
    this.dim = dim;
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
    long batch = x.getShape().get(0);
    long n = x.getShape().get(1);
    long l = context.getShape().get(1);
    NDArray queries = split(q.forward(store, x, training), batch, n);
    NDArray keys = split(k.forward(store, context, training), batch, l);
    NDArray values = split(v.forward(store, context, training), batch, l);
    double scale = 1.0 / Math.sqrt(dim / (double) heads);
    NDArray scores = queries.mul(Scalars.of(scale)).matMul(keys.transpose(0, 1, 3, 2));
    NDArray mixed = scores.softmax(-1).matMul(values).transpose(0, 2, 1, 3).reshape(batch, n, dim);
    return o.forward(store, mixed, training);
  }

  private NDArray split(NDArray x, long batch, long length) {
    return x.reshape(batch, length, heads, dim / heads).transpose(0, 2, 1, 3);
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
