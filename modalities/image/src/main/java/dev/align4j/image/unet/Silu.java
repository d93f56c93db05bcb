package dev.align4j.image.unet;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;

/** SiLU (swish with beta 1), x * sigmoid(x); DJL's swish takes beta as a Java number, unsafe under autograd. */
public final class Silu {
  private Silu() {}

  public static NDArray apply(NDArray x) {
    return x.mul(Activation.sigmoid(x));
  }
}
