package dev.align4j.rewards.scoring;

import com.google.common.base.Preconditions;
import dev.align4j.rewards.onnx.Tensor;
import dev.align4j.rewards.onnx.Tensor.LongTensor;

/**
 * Token ids and attention mask for a batch of prompts, each row padded to {@code length}.
 *
 * @param rows number of prompts
 * @param length tokens per row
 * @param ids {@code rows x length} token ids, row-major
 * @param mask {@code rows x length}: 1 for real tokens (start and end included), 0 for padding
 */
public record TokenBatch(int rows, int length, long[] ids, long[] mask) {
  public TokenBatch {
    Preconditions.checkArgument(ids.length == rows * length && mask.length == rows * length,
        "expected %s x %s ids and mask", rows, length);
  }

  /** The ids of row {@code r}. */
  public long[] row(int r) {
    return java.util.Arrays.copyOfRange(ids, r * length, (r + 1) * length);
  }

  /** The mask of row {@code r}. */
  public long[] maskRow(int r) {
    return java.util.Arrays.copyOfRange(mask, r * length, (r + 1) * length);
  }

  /** {@code input_ids}, int64 {@code [rows, length]}. */
  public LongTensor idsTensor() {
    return Tensor.of(ids, rows, length);
  }

  /** {@code attention_mask}, int64 {@code [rows, length]}. */
  public LongTensor maskTensor() {
    return Tensor.of(mask, rows, length);
  }
}
