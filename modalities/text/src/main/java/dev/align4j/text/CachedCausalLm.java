package dev.align4j.text;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import dev.align4j.core.nn.KvCache;

/**
 * A causal LM that can extend sequences step by step, keeping the keys and values of positions it has
 * already processed in a {@link KvCache}. Used for generation; not for training.
 */
public interface CachedCausalLm extends CausalLm {

  /** An empty cache for this model; the caller closes it. */
  KvCache newCache(NDManager manager);

  /**
   * Next-token logits for new positions, attending to the cached ones and appending the new ones to the
   * cache. With an empty cache this is an ordinary forward pass over a prompt.
   *
   * @param newTokenIds [B, T_new] int64 ids of the positions not yet in the cache
   * @param attentionMask [B, T_past + T_new], 1 for real tokens, 0 for padding (either side)
   * @return logits [B, T_new, V]
   */
  NDArray logits(ParameterStore store, NDArray newTokenIds, NDArray attentionMask, KvCache cache);

  /** The longest sequence (prompt plus generated tokens) the model accepts. */
  int contextLength();
}
