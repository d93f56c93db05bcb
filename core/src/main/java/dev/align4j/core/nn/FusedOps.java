package dev.align4j.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValueUtils;
import ai.djl.pytorch.jni.JniUtils;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * SiLU and GroupNorm as one libtorch kernel each ({@code silu}, {@code native_group_norm}, with their fused
 * backward), where DJL's API only composes them: SiLU as {@code x * sigmoid(x)} (DJL's {@code swish} takes beta as
 * a Java number) and GroupNorm as batch normalization over groups plus a broadcast affine. The kernels are reached
 * through tiny TorchScript modules shipped as resources ({@code tools/fused-ops/make_fused_ops.py} writes
 * them), run with autograd following the thread's grad mode, so they train and sample alike. AdamW's update of
 * every parameter is one call too, where it was a dozen JNI calls per tensor.
 *
 * <p>{@code -Dalign4j.fused.ops=false} turns them off (the composed forms; same results to float rounding), for
 * side-by-side measurement.
 */
public final class FusedOps {
  /** Whether the fused kernels are used (system property {@code align4j.fused.ops}, default true). */
  public static final boolean ENABLED = !"false".equals(System.getProperty("align4j.fused.ops"));

  private FusedOps() {}

  /** SiLU, {@code x * sigmoid(x)}. */
  public static NDArray silu(NDArray x) {
    return ENABLED ? run(Modules.SILU, new NDList(x)) : x.mul(Activation.sigmoid(x));
  }

  /**
   * Group normalization of {@code x [B, C, ...]} in {@code groups} groups with epsilon 1e-5 and the per-channel
   * affine {@code gamma}, {@code beta} ({@code [C]}), followed by SiLU when {@code silu}.
   */
  public static NDArray groupNorm(NDArray x, int groups, NDArray gamma, NDArray beta, boolean silu) {
    if (!ENABLED) {
      NDArray y = GroupNorm.composed(x, groups, gamma, beta);
      return silu ? silu(y) : y;
    }
    Shape s = x.getShape();
    long[] grouped = new long[s.dimension() + 1];
    grouped[0] = s.get(0);
    grouped[1] = groups;
    grouped[2] = s.get(1) / groups;
    for (int i = 2; i < s.dimension(); i++) grouped[i + 1] = s.get(i);
    // The group count travels as the size of axis 1, so one module serves every width.
    return run(silu ? Modules.GROUP_NORM_SILU : Modules.GROUP_NORM, new NDList(x.reshape(grouped), gamma, beta));
  }

  /**
   * torch.optim.AdamW's update of every tensor in one call ({@code torch._foreach_*} kernels, in place, autograd
   * off): {@code hyper} is {@code [lr, beta1, beta2, eps, weight_decay, bias_correction1, bias_correction2]};
   * {@code decayMask [n]} is 1 for each parameter weight decay applies to, else 0.
   */
  public static void adamw(List<NDArray> params, List<NDArray> grads, List<NDArray> expAvg, List<NDArray> expAvgSq,
      NDArray decayMask, NDArray hyper) {
    // DJL passes arrays named "x[]" to the module as one list argument x, in order; their own names come back after.
    String[] lists = {"params[]", "grads[]", "exp_avg[]", "exp_avg_sq[]"};
    List<List<NDArray>> groups = List.of(params, grads, expAvg, expAvgSq);
    NDList inputs = new NDList();
    List<String> names = new ArrayList<>();
    boolean was = JniUtils.isGradMode();
    JniUtils.setGradMode(false);
    try {
      for (int k = 0; k < lists.length; k++) {
        for (NDArray a : groups.get(k)) {
          names.add(a.getName());
          a.setName(lists[k]);
          inputs.add(a);
        }
      }
      inputs.add(decayMask);
      inputs.add(hyper);
      IValueUtils.forward(Modules.ADAMW, inputs, true).close();
    } finally {
      JniUtils.setGradMode(was);
      for (int i = 0; i < names.size(); i++) inputs.get(i).setName(names.get(i));
    }
  }

  private static NDArray run(PtSymbolBlock module, NDList inputs) {
    // training = true: libtorch records the graph exactly when the thread's grad mode is on (NoGrad turns it off).
    return IValueUtils.forward(module, inputs, true).singletonOrThrow();
  }

  /** The modules, loaded once on first use and kept for the process. */
  private static final class Modules {
    private static final NDManager MANAGER = NDManager.newBaseManager("PyTorch");
    static final PtSymbolBlock SILU = load("silu.pt");
    static final PtSymbolBlock GROUP_NORM = load("group_norm.pt");
    static final PtSymbolBlock GROUP_NORM_SILU = load("group_norm_silu.pt");
    static final PtSymbolBlock ADAMW = load("adamw.pt");

    private static PtSymbolBlock load(String name) {
      try (InputStream in = FusedOps.class.getResourceAsStream(name)) {
        if (in == null) throw new IllegalStateException("resource " + name + " missing beside " + FusedOps.class);
        return JniUtils.loadModule((PtNDManager) MANAGER, in, true, false);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot load the fused op " + name, e);
      }
    }
  }
}
