package dev.align4j.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;

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

  private Convolution() {}

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
