package dev.align4j.image.unet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.align4j.core.nn.GroupNorm;
import dev.align4j.core.nn.LoraLinear;

/**
 * Stable Diffusion's transformer block on a feature map: the pixels become tokens, then self-attention
 * ({@code attn1}), cross-attention to the caption ({@code attn2}) and a GELU MLP, each pre-LayerNorm and
 * residual; the result is added back to the map. This is where the caption steers the image.
 */
public final class SpatialTransformer extends AbstractBlock {
  private final int channels;
  private final GroupNorm norm;
  private final LayerNorm1d ln1;
  private final Attention selfAttention;
  private final LayerNorm1d ln2;
  private final Attention crossAttention;
  private final LayerNorm1d ln3;
  private final LoraLinear mlpIn;
  private final LoraLinear mlpOut;

  public SpatialTransformer(int channels, int contextDim, int heads, int groups) {
    super((byte) 1);
    this.channels = channels;
    norm = addChildBlock("norm", new GroupNorm(Math.min(groups, channels), channels));
    ln1 = addChildBlock("ln1", new LayerNorm1d(channels));
    selfAttention = addChildBlock("attn1", new Attention(channels, channels, heads));
    ln2 = addChildBlock("ln2", new LayerNorm1d(channels));
    crossAttention = addChildBlock("attn2", new Attention(channels, contextDim, heads));
    ln3 = addChildBlock("ln3", new LayerNorm1d(channels));
    mlpIn = addChildBlock("mlp_in", new LoraLinear(channels, 2L * channels, true));
    mlpOut = addChildBlock("mlp_out", new LoraLinear(2L * channels, channels, true));
  }

  Attention selfAttention() {
    return selfAttention;
  }

  Attention crossAttention() {
    return crossAttention;
  }

  public NDArray forward(ParameterStore store, NDArray x, NDArray context, boolean training) {
    Shape s = x.getShape();
    long batch = s.get(0);
    long tokens = s.get(2) * s.get(3);
    NDArray h = norm.forward(store, x, training).reshape(batch, channels, tokens).transpose(0, 2, 1);
    NDArray n1 = ln1.forward(store, h, training);
    h = h.add(selfAttention.forward(store, n1, n1, training));
    h = h.add(crossAttention.forward(store, ln2.forward(store, h, training), context, training));
    NDArray hidden = Activation.gelu(mlpIn.forward(store, ln3.forward(store, h, training), training));
    h = h.add(mlpOut.forward(store, hidden, training));
    return x.add(h.transpose(0, 2, 1).reshape(s));
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    return new NDList(forward(store, inputs.get(0), inputs.get(1), training));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {inputShapes[0]};
  }
}
