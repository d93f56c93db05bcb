package dev.align4j.core.train;

import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import java.util.List;

/**
 * Global-norm clipping, as torch.nn.utils.clip_grad_norm_ does it (DJL's optClipGrad clamps values, not the
 * norm): all gradients are scaled by max_norm / (norm + 1e-6) when the norm exceeds max_norm.
 */
public final class GradientClipping {
  private GradientClipping() {}

  /** Clips in place and returns the norm before clipping; {@code maxNorm <= 0} only measures. */
  public static double clip(List<NamedParameter> params, double maxNorm) {
    if (params.isEmpty()) return 0;
    try (NDScope scope = new NDScope()) {
      // Each tensor's sum of squares stays in libtorch; one float64 sum and one read-back for all of them.
      NDList squares = new NDList(params.size());
      for (NamedParameter p : params) squares.add(p.array().getGradient().square().sum());
      double norm = Math.sqrt(NDArrays.stack(squares).toType(DataType.FLOAT64, false).sum().getDouble());
      if (maxNorm > 0 && norm > maxNorm && Double.isFinite(norm)) {
        double scale = maxNorm / (norm + 1e-6);
        for (NamedParameter p : params) p.array().getGradient().muli(scale);
      }
      return norm;
    }
  }
}
