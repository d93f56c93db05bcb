package dev.align4j.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.align4j.losses.Scalars;

/**
 * Multi-head causal self-attention: position {@code i} attends to positions {@code j <= i} whose key mask
 * is 1. Projections {@code q, k, v, o} are {@link LoraLinear}s (with bias), so adapters can be attached to
 * any of them.
 *
 * <p>As a DJL block it takes {@code (x [B, T, d], keyMask [B, T])} and returns {@code [B, T, d]}. Decoders
 * call {@link #forward(ParameterStore, NDArray, NDArray, KvCache, int, boolean)} with a precomputed
 * {@link #attentionBias} and optionally a {@link KvCache}.
 */
public final class CausalSelfAttention extends MultiHeadAttention {

  private static final byte VERSION = 1;
  /** Added to the scores of forbidden keys; finite so rows with no allowed key give no NaN. */
  private static final float MASKED = -1e9f;

  /** Attention over {@code dModel} features split into {@code nHeads} heads. */
  public CausalSelfAttention(int dModel, int nHeads) {
    super(VERSION, dModel, dModel, nHeads, true);
  }

  /**
   * The additive attention bias for {@code newLength} queries that are the last positions of a sequence
   * whose key mask is {@code keyMask [B, T_keys]}: 0 where query {@code i} may see key {@code j} (causal and
   * not padding), a large negative number elsewhere. Shape {@code [B, 1, newLength, T_keys]}.
   */
  public static NDArray attentionBias(NDArray keyMask, long newLength) {
    NDManager manager = keyMask.getManager();
    long batch = keyMask.getShape().get(0);
    long keyLength = keyMask.getShape().get(1);
    long past = keyLength - newLength;
    NDArray queryPos = manager.arange((int) past, (int) keyLength, 1, DataType.INT64).reshape(newLength, 1);
    NDArray keyPos = manager.arange(0, (int) keyLength, 1, DataType.INT64).reshape(1, keyLength);
    NDArray causal = keyPos.lte(queryPos);
    NDArray real = keyMask.gt(0).reshape(batch, 1, 1, keyLength);
    NDArray allowed = causal.logicalAnd(real).toType(DataType.FLOAT32, false);
    return allowed.sub(1f).mul(Scalars.of(-MASKED));
  }

  /**
   * Attends the new positions {@code x [B, T_new, d]} to themselves and, with a cache, to the cached ones;
   * appends this layer's new keys and values to {@code cache} when one is given.
   *
   * @param bias from {@link #attentionBias}, {@code [B, 1, T_new, T_past + T_new]}
   * @param cache keys/values of earlier positions, or null to attend within {@code x} only
   * @param layer this attention's index in the cache
   */
  public NDArray forward(
      ParameterStore store, NDArray x, NDArray bias, KvCache cache, int layer, boolean training) {
    NDArray queries = split(q, store, x, training);
    NDArray keys = split(k, store, x, training);
    NDArray vals = split(v, store, x, training);
    if (cache != null) {
      NDList all = cache.append(layer, keys, vals);
      keys = all.get(0);
      vals = all.get(1);
    }
    return attend(store, queries, keys, vals, bias, training);
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray x = inputs.get(0);
    NDArray bias = attentionBias(inputs.get(1), x.getShape().get(1));
    return new NDList(forward(store, x, bias, null, 0, training));
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    for (LoraLinear projection : projections().values()) {
      projection.initialize(manager, dataType, inputShapes[0]);
    }
  }
}
