package dev.align4j.losses;

import static ai.djl.ndarray.NDArrays.where;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;

/** Numerically stable element-wise functions DJL's NDArray lacks. */
final class Ops {
  private Ops() {}

  /** log(sigmoid(x)) = min(x, 0) - log(1 + exp(-|x|)): finite for any finite x. */
  static NDArray logSigmoid(NDArray x) {
    return minimum(x, 0).sub(x.abs().neg().exp().add(1).log());
  }

  /**
   * {@code x * v}. DJL's {@code mul(Number)} wraps {@code v} in a tensor over a Java direct buffer and closes
   * it at once; autograd keeps that tensor for the backward pass, and once the buffer is garbage-collected
   * the gradient reads freed memory (seen as run-to-run gradient noise under GC pressure). The scalar here
   * owns torch memory, so the graph's reference keeps it valid.
   */
  static NDArray mul(NDArray x, double v) {
    try (NDArray s = owned(x, v)) {
      return x.mul(s);
    }
  }

  /** {@code min(x, v)} with a torch-owned scalar (see {@link #mul}). */
  static NDArray minimum(NDArray x, double v) {
    try (NDArray s = owned(x, v)) {
      return x.minimum(s);
    }
  }

  private static final java.util.concurrent.ConcurrentHashMap<Double, NDArray> CONSTANTS =
      new java.util.concurrent.ConcurrentHashMap<>();
  private static final ai.djl.ndarray.NDManager CONSTANT_MANAGER = ai.djl.ndarray.NDManager.newBaseManager();

  /**
   * A shared 0-dim float64 tensor holding {@code v} in torch-owned memory, for every arithmetic with a
   * constant on a differentiable path: DJL's {@code mul(Number)} & co. wrap the number in a tensor over a
   * Java direct buffer and close it at once, while autograd keeps it for backward; after a GC the gradient
   * reads freed memory. One tensor per distinct constant, kept for the JVM's life (constants come from
   * hyper-parameters, so they are few); a 0-dim tensor does not change the other operand's dtype or device.
   */
  static NDArray k(double v) {
    return CONSTANTS.computeIfAbsent(v, value -> {
      NDArray c = owned(CONSTANT_MANAGER.create(0.0), value);
      ai.djl.ndarray.NDScope.unregister(c);
      return c;
    });
  }

  /** A 0-dim tensor holding {@code v} in torch-owned memory. */
  static NDArray owned(NDArray like, double v) {
    try (NDArray blob = like.getManager().create(v)) {
      return blob.duplicate();
    }
  }

  /** sigmoid(x) = exp(logSigmoid(x)): no overflow for large |x|. */
  static NDArray sigmoid(NDArray x) {
    return logSigmoid(x).exp();
  }

  /** A scalar array's value, whatever its floating-point type. */
  static double toDouble(NDArray scalar) {
    return scalar.toType(DataType.FLOAT64, false).getDouble();
  }

  /**
   * {@code x / (exp(x) - 1)} (1 at 0), accurate in float32 and differentiable: near 0, where {@code exp(x) - 1}
   * cancels, its Taylor series (Bernoulli numbers; truncation error below 1e-10 for |x| < 0.5). Casting to
   * float64 instead does not work: DJL's {@code toType} detaches from autograd, so a cast round trip silently
   * zeroes the gradient.
   */
  static NDArray xOverExpm1(NDArray x) {
    // Each branch gets a harmless stand-in where it is not taken: where() passes 0 * its gradient there, and
    // 0 * inf would be NaN.
    NDArray one = x.onesLike();
    NDArray big = x.gte(k(0.5));
    NDArray negative = x.lte(k(-0.5));
    NDArray xp = where(big, x, one);
    NDArray decay = xp.neg().exp();
    NDArray positive = xp.mul(decay).div(decay.neg().add(k(1)));  // x e^-x / (1 - e^-x): no overflow
    NDArray xn = where(negative, x, one.neg());
    NDArray negativeSide = xn.div(xn.exp().sub(k(1)));
    NDArray x2 = x.square();
    NDArray series = x2.mul(k(-1.0 / 1209600)).add(k(1.0 / 30240)).mul(x2).add(k(-1.0 / 720)).mul(x2)
        .add(k(1.0 / 12)).mul(x2).sub(x.mul(k(0.5))).add(k(1));
    return where(big, positive, where(negative, negativeSide, series));
  }

  /** x where {@code keep} is true, else {@code fill}. */
  static NDArray keepOrFill(NDArray keep, NDArray x, double fill) {
    return where(keep, x, x.getManager().full(x.getShape(), (float) fill, x.getDataType()));
  }

  /** Masked sum over the last axis of a [B, T] array. */
  static NDArray sumLast(NDArray x) {
    return x.sum(new int[] {1});
  }
}
