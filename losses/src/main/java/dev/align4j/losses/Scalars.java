package dev.align4j.losses;

import ai.djl.ndarray.NDArray;

/**
 * Constants for arithmetic on differentiable paths: use {@code x.mul(Scalars.of(v))}, never {@code x.mul(v)}.
 * DJL's Number overloads wrap the number in a tensor over a Java direct buffer and close it at once, while
 * autograd keeps that tensor for the backward pass; once the buffer is garbage-collected, gradients read
 * freed memory (we saw run-to-run training differences under GC pressure). These constants live in torch
 * memory for the JVM's life, one per distinct value.
 */
public final class Scalars {
  private Scalars() {}

  public static NDArray of(double v) {
    return Ops.k(v);
  }
}
