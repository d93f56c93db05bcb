package dev.align4j.text;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.ParameterStore;

/**
 * A causal language model as the text modality sees it: token ids in, next-token logits out. Implemented
 * by the Java GPT and by TorchScript modules exported from PyTorch.
 */
public interface CausalLm {
  /**
   * Next-token logits.
   *
   * @param store the parameter store of the step (DJL's convention for blocks)
   * @param tokenIds [B, T] int64 token ids
   * @param attentionMask [B, T] 1 for real tokens, 0 for padding (right-padded)
   * @param training whether this forward pass is for training (gradients, dropout)
   * @return logits [B, T, V], float32; position t predicts token t+1
   */
  NDArray logits(ParameterStore store, NDArray tokenIds, NDArray attentionMask, boolean training);

  /** Vocabulary size V. */
  int vocabSize();

  /** Convenience for callers holding an {@link NDList}. */
  default NDArray logits(ParameterStore store, NDList inputs, boolean training) {
    return logits(store, inputs.get(0), inputs.get(1), training);
  }
}
