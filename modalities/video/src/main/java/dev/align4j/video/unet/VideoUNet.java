package dev.align4j.video.unet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.align4j.core.nn.FusedOps;
import dev.align4j.core.nn.GroupNorm;
import dev.align4j.core.nn.LoraLinear;
import dev.align4j.image.unet.Conv;
import dev.align4j.image.unet.ResBlock;
import dev.align4j.image.unet.SpatialTransformer;
import dev.align4j.image.unet.UNet;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * A tiny (2+1)D conditional UNet for clips {@code [B, C, F, H, W]}: the frames are folded into the batch
 * ({@code [B * F, C, H, W]}) so the image world's 2-D blocks ({@link ResBlock}, {@link SpatialTransformer}, its
 * convolutions) run on every frame, and after every residual block a {@link TemporalBlock} mixes each pixel's
 * features across frames. A learned embedding per frame position is added after the input conv (the temporal
 * convolutions alone cannot tell the first frame from the fourth). Timestep and pooled caption join as in the
 * image {@link UNet}; the middle cross-attends to the caption embeddings, once per frame.
 *
 * <p>Layout: input conv; per level a ResBlock and a temporal block, then a stride-2 conv down; a middle of
 * ResBlock, temporal block, {@link SpatialTransformer}; per level up a ResBlock over the features concatenated
 * with the skip and a temporal block, then 2x up; GroupNorm, SiLU and the output conv.
 */
public final class VideoUNet extends AbstractBlock {
  private final VideoUNetConfig config;
  private final LoraLinear timeIn;
  private final LoraLinear timeOut;
  private final LoraLinear captionIn;
  private final Conv convIn;
  private final Parameter frameEmbedding;
  private final List<ResBlock> down = new ArrayList<>();
  private final List<TemporalBlock> downTemporal = new ArrayList<>();
  private final List<Conv> downsample = new ArrayList<>();
  private final ResBlock mid;
  private final TemporalBlock midTemporal;
  private final SpatialTransformer midAttention;
  private final List<ResBlock> up = new ArrayList<>();
  private final List<TemporalBlock> upTemporal = new ArrayList<>();
  private final GroupNorm normOut;
  private final Conv convOut;

  /** The structure with uninitialized parameters; see {@link #create}. */
  public VideoUNet(VideoUNetConfig config) {
    super((byte) 1);
    this.config = config;
    List<Integer> ch = config.blockChannels();
    int levels = ch.size();
    int lowest = ch.get(levels - 1);
    int td = config.timeEmbedDim();
    int g = config.groups();
    int k = config.temporalKernel();
    timeIn = addChildBlock("time_in", new LoraLinear(ch.get(0), td, true));
    timeOut = addChildBlock("time_out", new LoraLinear(td, td, true));
    captionIn = addChildBlock("caption_in", new LoraLinear(config.contextDim(), td, true));
    convIn = addChildBlock("conv_in", new Conv(config.inChannels(), ch.get(0), 3, 1));
    frameEmbedding = addParameter(Parameter.builder().setName("frame_emb").setType(Parameter.Type.WEIGHT)
        .optShape(new Shape(config.numFrames(), ch.get(0))).build());
    int width = ch.get(0);
    for (int i = 0; i < levels; i++) {
      down.add(addChildBlock("down" + i, new ResBlock(width, ch.get(i), td, g)));
      downTemporal.add(addChildBlock("down_temporal" + i, new TemporalBlock(ch.get(i), k, g)));
      width = ch.get(i);
      if (i < levels - 1) downsample.add(addChildBlock("downsample" + i, new Conv(width, width, 3, 2)));
    }
    mid = addChildBlock("mid", new ResBlock(lowest, lowest, td, g));
    midTemporal = addChildBlock("mid_temporal", new TemporalBlock(lowest, k, g));
    midAttention = addChildBlock("mid_attn", new SpatialTransformer(lowest, config.contextDim(),
        config.attentionHeads(), g));
    width = lowest;
    for (int i = levels - 1; i >= 0; i--) {
      up.add(addChildBlock("up" + i, new ResBlock(width + ch.get(i), ch.get(i), td, g)));
      upTemporal.add(addChildBlock("up_temporal" + i, new TemporalBlock(ch.get(i), k, g)));
      width = ch.get(i);
    }
    normOut = addChildBlock("norm_out", new GroupNorm(Math.min(g, ch.get(0)), ch.get(0)));
    convOut = addChildBlock("conv_out", new Conv(ch.get(0), config.inChannels(), 3, 1));
  }

  /** A network whose weights are drawn from {@code seed} alone (the image UNet's initialization). */
  public static VideoUNet create(VideoUNetConfig config, long seed, NDManager manager) {
    VideoUNet net = new VideoUNet(config);
    UNet.initialize(net, manager, seed);
    return net;
  }

  public VideoUNetConfig config() {
    return config;
  }

  /**
   * The prediction for noisy clips {@code x [B, C, F, H, W]} at {@code timesteps [B]} given caption embeddings
   * {@code context [B, L, D]}.
   */
  public NDArray forward(ParameterStore store, NDArray x, NDArray timesteps, NDArray context, boolean training) {
    Shape s = x.getShape();
    int frames = config.numFrames();
    int side = config.sampleSize();
    if (s.dimension() != 5 || s.get(1) != config.inChannels() || s.get(2) != frames || s.get(3) != side
        || s.get(4) != side) {
      throw new IllegalArgumentException("video UNet expects clips [B, " + config.inChannels() + ", " + frames + ", "
          + side + ", " + side + "], got " + s);
    }
    long b = s.get(0);
    if (context.getShape().dimension() != 3 || context.getShape().get(0) != b
        || context.getShape().get(2) != config.contextDim() || timesteps.getShape().size() != b) {
      throw new IllegalArgumentException("video UNet expects timesteps [" + b + "] and context [" + b + ", L, "
          + config.contextDim() + "], got " + timesteps.getShape() + " and " + context.getShape());
    }
    List<Integer> ch = config.blockChannels();
    NDArray t = timeOut.forward(store, FusedOps.silu(timeIn.forward(store, UNet.sinusoidal(timesteps, ch.get(0)),
        training)), training);
    NDArray pooled = captionIn.forward(store, context.mean(new int[] {1}), training);
    NDArray temb = perFrame(FusedOps.silu(t.add(pooled)), frames);
    NDArray ctx = perFrame(context, frames);
    NDArray h = convIn.forward(store, x.transpose(0, 2, 1, 3, 4).reshape(b * frames, s.get(1), side, side),
        training);
    NDArray pos = store.getValue(frameEmbedding, x.getDevice(), training);
    h = h.reshape(b, frames, ch.get(0), side, side).add(pos.reshape(1, frames, ch.get(0), 1, 1))
        .reshape(b * frames, ch.get(0), side, side);
    Deque<NDArray> skips = new ArrayDeque<>();
    int levels = down.size();
    for (int i = 0; i < levels; i++) {
      h = down.get(i).forward(store, h, temb, training);
      h = downTemporal.get(i).forward(store, h, frames, training);
      skips.push(h);
      if (i < levels - 1) h = downsample.get(i).forward(store, h, training);
    }
    h = mid.forward(store, h, temb, training);
    h = midTemporal.forward(store, h, frames, training);
    h = midAttention.forward(store, h, ctx, training);
    for (int j = 0; j < levels; j++) {
      h = up.get(j).forward(store, NDArrays.concat(new NDList(h, skips.pop()), 1), temb, training);
      h = upTemporal.get(j).forward(store, h, frames, training);
      if (j < levels - 1) h = UNet.upsample(h);
    }
    h = convOut.forward(store, normOut.forwardSilu(store, h, training), training);
    return h.reshape(b, frames, s.get(1), side, side).transpose(0, 2, 1, 3, 4);
  }

  /** {@code a [B, ...]} repeated for each of a clip's frames: {@code [B * F, ...]}, clip-major. */
  private static NDArray perFrame(NDArray a, int frames) {
    Shape s = a.getShape();
    long[] expanded = new long[s.dimension() + 1];
    long[] folded = new long[s.dimension()];
    expanded[0] = s.get(0);
    expanded[1] = frames;
    folded[0] = s.get(0) * frames;
    for (int i = 1; i < s.dimension(); i++) {
      expanded[i + 1] = s.get(i);
      folded[i] = s.get(i);
    }
    return a.expandDims(1).broadcast(new Shape(expanded)).reshape(new Shape(folded));
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    return new NDList(forward(store, inputs.get(0), inputs.get(1), inputs.get(2), training));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {inputShapes[0]};
  }
}
