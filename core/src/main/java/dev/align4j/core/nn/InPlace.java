package dev.align4j.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.pytorch.jni.JniUtils;
import com.google.common.base.Preconditions;

/**
 * Writes values into an existing array in place, as PyTorch's {@code with torch.no_grad(): p.copy_(v)}: the
 * array keeps its own storage, its gradient flag and its identity (a parameter stays the same parameter).
 *
 * <p>Why not {@code NDArray.set(Buffer)}: DJL implements it as libtorch's {@code set_} under
 * {@code AutoNonVariableTypeMode} (the warning "under risk of producing silent wrong result" on every run). It
 * skips autograd's version counter, and it makes the tensor's storage the Java buffer itself, which lives
 * only as long as that one Java array object. A copy has neither hazard.
 */
public final class InPlace {
  private static final NDIndex ALL = new NDIndex("...");

  private InPlace() {}

  /** Copies {@code source} (same shape; converted to the target's type) into {@code target}. */
  public static void copy(NDArray source, NDArray target) {
    Preconditions.checkArgument(source.getShape().equals(target.getShape()), "shape %s into %s",
        source.getShape(), target.getShape());
    boolean grad = JniUtils.isGradMode();
    JniUtils.setGradMode(false);
    NDArray v = source.toType(target.getDataType(), false);
    try {
      target.set(ALL, v);
    } finally {
      if (v != source) v.close();
      JniUtils.setGradMode(grad);
    }
  }

  /** Copies {@code values} (row-major, the target's element count) into a float32 {@code target}. */
  public static void copy(float[] values, NDArray target) {
    Preconditions.checkArgument(values.length == target.size(), "%s values into %s", values.length, target.getShape());
    try (NDManager tmp = target.getManager().newSubManager()) {
      copy(tmp.create(values, target.getShape()), target);
    }
  }
}
