package dev.align4j.losses;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;

/** Numerically stable element-wise functions DJL's NDArray lacks. */
final class Ops {
  private Ops() {}

  /** log(sigmoid(x)) = min(x, 0) - log(1 + exp(-|x|)): finite for any finite x. */
  static NDArray logSigmoid(NDArray x) {
    return x.minimum(0).sub(x.abs().neg().exp().add(1).log());
  }

  /** sigmoid(x) = exp(logSigmoid(x)): no overflow for large |x|. */
  static NDArray sigmoid(NDArray x) {
    return logSigmoid(x).exp();
  }

  /** A scalar array's value, whatever its floating-point type. */
  static double toDouble(NDArray scalar) {
    return scalar.toType(DataType.FLOAT64, false).getDouble();
  }

  /** Applies {@code f} in float64 and casts back: for formulas that cancel catastrophically in float32. */
  static NDArray inFloat64(NDArray x, java.util.function.UnaryOperator<NDArray> f) {
    DataType type = x.getDataType();
    if (type == DataType.FLOAT64) {
      return f.apply(x);
    }
    return f.apply(x.toType(DataType.FLOAT64, false)).toType(type, false);
  }

  /** x where {@code keep} is true, else {@code fill}. */
  static NDArray keepOrFill(NDArray keep, NDArray x, double fill) {
    return ai.djl.ndarray.NDArrays.where(keep, x, x.getManager().full(x.getShape(), (float) fill, x.getDataType()));
  }

  /** Masked sum over the last axis of a [B, T] array. */
  static NDArray sumLast(NDArray x) {
    return x.sum(new int[] {1});
  }
}
