package dev.align4j.video.unet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.align4j.core.nn.Convolution;
import dev.align4j.core.nn.FusedOps;
import dev.align4j.core.nn.GroupNorm;
import dev.align4j.image.unet.Conv;

/**
 * The temporal half of a (2+1)D layer: GroupNorm over channels, frames and pixels; a depthwise convolution along
 * the frame axis ({@code kernel} frames, zero-padded at both ends, one filter per channel); SiLU; a 1x1
 * convolution mixing channels; added back to the input. Each pixel's features see the neighbouring frames,
 * which is how motion enters a network whose other layers see one frame at a time.
 */
final class TemporalBlock extends AbstractBlock {
  private final int channels;
  private final int kernel;
  private final GroupNorm norm;
  private final Parameter weight;
  private final Parameter bias;
  private final Conv mix;

  TemporalBlock(int channels, int kernel, int groups) {
    super((byte) 1);
    this.channels = channels;
    this.kernel = kernel;
    norm = addChildBlock("norm", new GroupNorm(Math.min(groups, channels), channels));
    weight = addParameter(Parameter.builder().setName("weight").setType(Parameter.Type.WEIGHT)
        .optShape(new Shape(channels, 1, kernel, 1)).build());
    bias = addParameter(Parameter.builder().setName("bias").setType(Parameter.Type.BIAS)
        .optShape(new Shape(channels)).build());
    mix = addChildBlock("mix", new Conv(channels, channels, 1, 1));
  }

  /** {@code x [B * F, C, H, W]} with each clip's frames consecutive; returns the same shape. */
  NDArray forward(ParameterStore store, NDArray x, int frames, boolean training) {
    Shape s = x.getShape();
    long clips = s.get(0) / frames;
    long pixels = s.get(2) * s.get(3);
    NDArray h = x.reshape(clips, frames, channels, pixels).transpose(0, 2, 1, 3);
    h = norm.forward(store, h, training);
    NDArray w = store.getValue(weight, x.getDevice(), training);
    NDArray b = store.getValue(bias, x.getDevice(), training);
    h = Convolution.conv2d(h, w, b, new Shape(1, 1), new Shape(kernel / 2, 0), channels);
    h = FusedOps.silu(h).transpose(0, 2, 1, 3).reshape(s);
    return x.add(mix.forward(store, h, training));
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    throw new UnsupportedOperationException("call forward(store, x, frames, training)");
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {inputShapes[0]};
  }
}
