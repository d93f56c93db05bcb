package dev.align4j.image.unet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.align4j.core.nn.Convolution;

/** A square 2-D convolution with bias and "same" padding; stride 2 halves the resolution (downsampling). */
public final class Conv extends AbstractBlock {
  private final int in;
  private final int out;
  private final int kernel;
  private final int stride;
  private final Parameter weight;
  private final Parameter bias;

  public Conv(int in, int out, int kernel, int stride) {
    super((byte) 1);
    this.in = in;
    this.out = out;
    this.kernel = kernel;
    this.stride = stride;
    weight = addParameter(Parameter.builder().setName("weight").setType(Parameter.Type.WEIGHT)
        .optShape(new Shape(out, in, kernel, kernel)).build());
    bias = addParameter(Parameter.builder().setName("bias").setType(Parameter.Type.BIAS)
        .optShape(new Shape(out)).build());
  }

  /** Fan-in of each output: the scale for He/LeCun-style initialization. */
  int fanIn() {
    return in * kernel * kernel;
  }

  public NDArray forward(ParameterStore store, NDArray x, boolean training) {
    NDArray w = store.getValue(weight, x.getDevice(), training);
    NDArray b = store.getValue(bias, x.getDevice(), training);
    int pad = kernel / 2;
    return Convolution.conv2d(x, w, b, new Shape(stride, stride), new Shape(pad, pad), 1);
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    return new NDList(forward(store, inputs.singletonOrThrow(), training));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    Shape s = inputShapes[0];
    return new Shape[] {new Shape(s.get(0), out, s.get(2) / stride, s.get(3) / stride)};
  }
}
