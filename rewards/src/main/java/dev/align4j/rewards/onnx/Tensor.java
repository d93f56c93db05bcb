package dev.align4j.rewards.onnx;

import com.google.common.base.Preconditions;
import java.util.Arrays;

/**
 * A dense row-major tensor on the Java heap, what {@link OnnxSession} takes and returns. Float tensors also
 * feed FLOAT16, BFLOAT16 and DOUBLE graph inputs; long tensors also feed INT32 inputs. {@code data()} is the
 * backing array itself (no copy, for speed): do not change it after handing the tensor over.
 */
public sealed interface Tensor permits Tensor.FloatTensor, Tensor.LongTensor {
  /** Dimensions, outermost first. */
  long[] shape();

  /** The leading (batch) dimension; 1 for a scalar. */
  default int rows() {
    long[] s = shape();
    return s.length == 0 ? 1 : Math.toIntExact(s[0]);
  }

  /** Number of elements: the product of the dimensions. */
  static long elements(long[] shape) {
    long n = 1;
    for (long d : shape) {
      Preconditions.checkArgument(d >= 0, "negative dimension in %s", Arrays.toString(shape));
      n *= d;
    }
    return n;
  }

  static FloatTensor of(float[] data, long... shape) {
    return new FloatTensor(data, shape);
  }

  static LongTensor of(long[] data, long... shape) {
    return new LongTensor(data, shape);
  }

  /** float32 values. */
  record FloatTensor(float[] data, long[] shape) implements Tensor {
    public FloatTensor {
      Preconditions.checkArgument(data.length == elements(shape), "%s values for shape %s", data.length,
          Arrays.toString(shape));
      shape = shape.clone();
    }

    /** Row {@code i} of a 2-D tensor. */
    public float[] row(int i) {
      Preconditions.checkState(shape.length == 2, "row() of a tensor of shape %s", Arrays.toString(shape));
      int width = Math.toIntExact(shape[1]);
      return Arrays.copyOfRange(data, i * width, (i + 1) * width);
    }

    @Override
    public long[] shape() {
      return shape.clone();
    }
  }

  /** int64 values (token ids, masks). */
  record LongTensor(long[] data, long[] shape) implements Tensor {
    public LongTensor {
      Preconditions.checkArgument(data.length == elements(shape), "%s values for shape %s", data.length,
          Arrays.toString(shape));
      shape = shape.clone();
    }

    @Override
    public long[] shape() {
      return shape.clone();
    }
  }
}
