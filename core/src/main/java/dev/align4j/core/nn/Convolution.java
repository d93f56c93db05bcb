package dev.align4j.core.nn;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.GradientCollector;
import com.google.common.base.Suppliers;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * 2-D convolution whose input gradient is right whatever the number of output channels.
 *
 * <p>Measured on this project's AMD EPYC (Zen 5) under {@code bin/native-env}'s settings ({@code
 * ONEDNN_MAX_CPU_ISA=AVX2}): libtorch 2.7.1's float32 convolution backward returns a wrong input gradient whenever
 * the output channels are not a multiple of 8 (relative error 0.27-0.92 for 1-7, 9 and 12 channels against the same
 * computation in float64; exact for 8 and 16; the forward and the weight gradient are right). A UNet's last
 * convolution (to 3 channels) then corrupts every gradient before it. So the weights are padded with zero output
 * channels to the next multiple of 8 and the extra outputs sliced off: the same result, through the kernel that
 * is right. {@code docs/native.md} has the measurements; {@code ConvolutionTest} checks it.
 */
public final class Convolution {
  /** The output-channel multiple the backward kernel needs. */
  static final int CHANNEL_MULTIPLE = 8;

  private static final Supplier<Boolean> RAW_BACKWARD_EXACT = Suppliers.memoize(Convolution::measureRawBackward);

  private static final AtomicBoolean WARNED = new AtomicBoolean();

  private Convolution() {}

  /**
   * Prints one warning per process to stderr when {@link #rawBackwardIsExact} is false: {@code model} (a file name)
   * runs its own convolutions, so training it here follows wrong gradients.
   */
  public static void warnIfRawBackwardIsWrong(String model) {
    if (!rawBackwardIsExact() && WARNED.compareAndSet(false, true)) {
      System.err.println("warning: this CPU's libtorch gets convolution input gradients wrong for output channels "
          + "that are not a multiple of 8 (docs/native.md, section 5); " + model + " runs its own convolutions "
          + "(Stable Diffusion's conv_out has 4 channels), so training it here follows wrong gradients");
    }
  }

  /**
   * Whether this machine's libtorch computes a 3-output-channel convolution's float32 input gradient right (as
   * float64 does). align4j's own convolutions are right either way; a TorchScript model's are not, so training one
   * where this is false trains on wrong gradients. Measured once per process (a few milliseconds).
   */
  public static boolean rawBackwardIsExact() {
    return RAW_BACKWARD_EXACT.get();
  }

  private static boolean measureRawBackward() {
    try (NDManager m = NDManager.newBaseManager("PyTorch")) {
      // The defect gives 0.3-0.9.
      return relativeError(rawInputGradient(m, DataType.FLOAT32), rawInputGradient(m, DataType.FLOAT64)) < 1e-4;
    }
  }

  /** {@code |got - want| / |want|} in the Euclidean norm. */
  static double relativeError(double[] got, double[] want) {
    double num = 0;
    double den = 0;
    for (int i = 0; i < want.length; i++) {
      num += (got[i] - want[i]) * (got[i] - want[i]);
      den += want[i] * want[i];
    }
    return Math.sqrt(num / den);
  }

  private static double[] rawInputGradient(NDManager m, DataType type) {
    int n = 2 * 8 * 8 * 8;
    float[] xs = new float[n];
    float[] ws = new float[3 * 8 * 9];
    for (int i = 0; i < n; i++) xs[i] = (float) Math.sin(0.37 * i);
    for (int i = 0; i < ws.length; i++) ws[i] = (float) Math.cos(0.53 * i);
    NDArray x = m.create(xs, new Shape(2, 8, 8, 8)).toType(type, true);
    NDArray w = m.create(ws, new Shape(3, 8, 3, 3)).toType(type, true);
    NDArray b = m.zeros(new Shape(3), type);
    x.setRequiresGradient(true);
    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
      NDArray y = Conv2d.conv2d(x, w, b, new Shape(1, 1), new Shape(1, 1), new Shape(1, 1), 1).singletonOrThrow();
      gc.backward(y.mul(y).sum());
      return x.getGradient().toType(DataType.FLOAT64, false).toDoubleArray();
    }
  }

  /**
   * {@code x [B, Cin, H, W]} convolved with {@code weight [Cout, Cin / groups, kH, kW]} and {@code bias [Cout]}.
   */
  public static NDArray conv2d(NDArray x, NDArray weight, NDArray bias, Shape stride, Shape padding, int groups) {
    long out = weight.getShape().get(0);
    if (groups != 1 || out % CHANNEL_MULTIPLE == 0) {
      return Conv2d.conv2d(x, weight, bias, stride, padding, new Shape(1, 1), groups).singletonOrThrow();
    }
    long extra = CHANNEL_MULTIPLE - out % CHANNEL_MULTIPLE;
    Shape ws = weight.getShape();
    NDArray zeros = weight.getManager().zeros(new Shape(extra, ws.get(1), ws.get(2), ws.get(3)), weight.getDataType(),
        weight.getDevice());
    NDArray w = weight.concat(zeros, 0);
    NDArray b = bias.concat(bias.getManager().zeros(new Shape(extra), bias.getDataType(), bias.getDevice()), 0);
    NDArray y = Conv2d.conv2d(x, w, b, stride, padding, new Shape(1, 1), 1).singletonOrThrow();
    return y.get(new NDIndex(":, 0:" + out));
  }
}
