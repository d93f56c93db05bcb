package dev.align4j.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;

/**
 * Keys and values of the positions a decoder has already processed, one entry per attention layer, each
 * {@code [B, heads, T, headDim]}. Decoding one more token then attends to the cache instead of recomputing
 * every earlier position. Appending concatenates (simple, O(T) copy per step; fine for short contexts).
 *
 * <p>The cache owns its arrays on a sub-manager of the one given: they survive per-step managers and
 * scopes, and are freed by {@link #close()}.
 */
public final class KvCache implements AutoCloseable {

  private final NDManager manager;
  private final NDArray[] keys;
  private final NDArray[] values;

  /** An empty cache for a model with {@code layers} attention layers. */
  public KvCache(NDManager parent, int layers) {
    if (layers <= 0) {
      throw new IllegalArgumentException("layers must be positive, got " + layers);
    }
    this.manager = parent.newSubManager();
    this.keys = new NDArray[layers];
    this.values = new NDArray[layers];
  }

  /** Number of cached positions (0 when empty). */
  public long length() {
    return keys[0] == null ? 0 : keys[0].getShape().get(2);
  }

  /** Number of layers this cache holds. */
  public int layers() {
    return keys.length;
  }

  /**
   * Appends the new positions' keys and values of one layer and returns all of them (cached + new),
   * {@code [B, heads, T_past + T_new, headDim]}, as (keys, values). The returned arrays belong to the cache.
   */
  public NDList append(int layer, NDArray newKeys, NDArray newValues) {
    keys[layer] = extend(keys[layer], newKeys);
    values[layer] = extend(values[layer], newValues);
    return new NDList(keys[layer], values[layer]);
  }

  private NDArray extend(NDArray past, NDArray fresh) {
    NDArray all = past == null ? fresh.duplicate() : past.concat(fresh, 2);
    all.attach(manager);
    NDScope.unregister(all);
    if (past != null) {
      past.close();
    }
    return all;
  }

  @Override
  public void close() {
    manager.close();
  }
}
