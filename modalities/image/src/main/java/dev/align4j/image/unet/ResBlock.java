package dev.align4j.image.unet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.align4j.core.nn.GroupNorm;
import dev.align4j.core.nn.LoraLinear;

/**
 * The DDPM residual block: GroupNorm, SiLU, 3x3 conv; plus a projection of the timestep embedding added per
 * channel; GroupNorm, SiLU, 3x3 conv; plus the input (through a 1x1 conv when the width changes).
 */
public final class ResBlock extends AbstractBlock {
  private final int out;
  private final GroupNorm norm1;
  private final Conv conv1;
  private final LoraLinear time;
  private final GroupNorm norm2;
  private final Conv conv2;
  private final Conv skip;

  public ResBlock(int in, int out, int timeDim, int groups) {
    super((byte) 1);
    this.out = out;
    norm1 = addChildBlock("norm1", new GroupNorm(Math.min(groups, in), in));
    conv1 = addChildBlock("conv1", new Conv(in, out, 3, 1));
    time = addChildBlock("time", new LoraLinear(timeDim, out, true));
    norm2 = addChildBlock("norm2", new GroupNorm(Math.min(groups, out), out));
    conv2 = addChildBlock("conv2", new Conv(out, out, 3, 1));
    skip = in == out ? null : addChildBlock("skip", new Conv(in, out, 1, 1));
  }

  /** {@code x [B, in, H, W]}, {@code timeEmbedding [B, timeDim]} already through SiLU. */
  public NDArray forward(ParameterStore store, NDArray x, NDArray timeEmbedding, boolean training) {
    NDArray h = conv1.forward(store, norm1.forwardSilu(store, x, training), training);
    long batch = x.getShape().get(0);
    h = h.add(time.forward(store, timeEmbedding, training).reshape(batch, out, 1, 1));
    h = conv2.forward(store, norm2.forwardSilu(store, h, training), training);
    return (skip == null ? x : skip.forward(store, x, training)).add(h);
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    return new NDList(forward(store, inputs.get(0), inputs.get(1), training));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    Shape s = inputShapes[0];
    return new Shape[] {new Shape(s.get(0), out, s.get(2), s.get(3))};
  }
}
