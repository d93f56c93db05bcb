package dev.align4j.core.train;

import ai.djl.ndarray.NDArray;
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
    try (NDScope scope = new NDScope()) {
      double sumSquares = 0;
      for (NamedParameter p : params) {
        NDArray g = p.array().getGradient();
        sumSquares += g.square().sum().toType(DataType.FLOAT64, false).getDouble();
      }
      double norm = Math.sqrt(sumSquares);
      if (maxNorm > 0 && norm > maxNorm && Double.isFinite(norm)) {
        double scale = maxNorm / (norm + 1e-6);
        for (NamedParameter p : params) p.array().getGradient().muli(scale);
      }
      return norm;
    }
  }
}
