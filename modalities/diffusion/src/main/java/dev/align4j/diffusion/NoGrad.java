package dev.align4j.diffusion;

import ai.djl.pytorch.jni.JniUtils;
import java.util.function.Supplier;

/** Runs frozen computations (encoders, the reference) with autograd off: no graph is built for them. */
public final class NoGrad {
  private NoGrad() {}

  /** {@code work} under PyTorch's no-grad mode; the previous mode is restored afterwards. */
  public static <T> T get(Supplier<T> work) {
    boolean was = JniUtils.isGradMode();
    JniUtils.setGradMode(false);
    try {
      return work.get();
    } finally {
      JniUtils.setGradMode(was);
    }
  }
}
