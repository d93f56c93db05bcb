package dev.align4j.image.unet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.Pair;
import ai.djl.util.PairList;
import dev.align4j.core.nn.FusedOps;
import dev.align4j.core.nn.GroupNorm;
import dev.align4j.core.nn.LoraLinear;
import dev.align4j.core.nn.SeededInitializer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * A small conditional UNet (DDPM's layout with Stable Diffusion's conditioning) written as DJL blocks:
 * a sinusoidal timestep embedding and MLP, plus a projection of the mean caption embedding; a 3x3 input conv; per
 * resolution level one {@link ResBlock}, then
 * a stride-2 conv down; a middle of ResBlock, {@link SpatialTransformer}, ResBlock; per level up one
 * ResBlock over the upsampled features concatenated with the skip, then nearest-neighbour 2x up; GroupNorm,
 * SiLU and a 3x3 output conv. The lowest resolution's down and up blocks and the middle cross-attend to the
 * caption embeddings.
 *
 * <p>Parameter names are DJL's (children prefixed with their two-digit index), stable for a given config:
 * {@code 01time_in_weight}, ..., {@code 12mid_attn_03attn1_01q_weight}, ... LoRA adapters ({@link #applyLora})
 * add {@code ..._lora_a} / {@code ..._lora_b} next to the attention projections.
 */
public final class UNet extends AbstractBlock {
  /** LoRA targets: the attention projections, as diffusers' to_q, to_k, to_v, to_out.0. */
  public static final Set<String> TARGET_MODULES = Set.of("q", "k", "v", "o");

  private final UNetConfig config;
  private final int timeFeatures;
  private final LoraLinear timeIn;
  private final LoraLinear timeOut;
  private final LoraLinear captionIn;
  private final Conv convIn;
  private final List<ResBlock> down = new ArrayList<>();
  private final List<Conv> downsample = new ArrayList<>();
  private final SpatialTransformer downAttention;
  private final ResBlock mid1;
  private final SpatialTransformer midAttention;
  private final ResBlock mid2;
  private final List<ResBlock> up = new ArrayList<>();
  private final SpatialTransformer upAttention;
  private final GroupNorm normOut;
  private final Conv convOut;

  /** The structure with uninitialized parameters; see {@link #create}. */
  public UNet(UNetConfig config) {
    super((byte) 1);
    this.config = config;
    List<Integer> ch = config.blockChannels();
    int levels = ch.size();
    int lowest = ch.get(levels - 1);
    int td = config.timeEmbedDim();
    int g = config.groups();
    timeFeatures = ch.get(0);
    timeIn = addChildBlock("time_in", new LoraLinear(timeFeatures, td, true));
    timeOut = addChildBlock("time_out", new LoraLinear(td, td, true));
    captionIn = addChildBlock("caption_in", new LoraLinear(config.contextDim(), td, true));
    convIn = addChildBlock("conv_in", new Conv(config.inChannels(), ch.get(0), 3, 1));
    int width = ch.get(0);
    for (int i = 0; i < levels; i++) {
      down.add(addChildBlock("down" + i, new ResBlock(width, ch.get(i), td, g)));
      width = ch.get(i);
      if (i < levels - 1) downsample.add(addChildBlock("downsample" + i, new Conv(width, width, 3, 2)));
    }
    downAttention = addChildBlock("down_attn", new SpatialTransformer(lowest, config.contextDim(),
        config.attentionHeads(), g));
    mid1 = addChildBlock("mid1", new ResBlock(lowest, lowest, td, g));
    midAttention = addChildBlock("mid_attn", new SpatialTransformer(lowest, config.contextDim(),
        config.attentionHeads(), g));
    mid2 = addChildBlock("mid2", new ResBlock(lowest, lowest, td, g));
    width = lowest;
    for (int i = levels - 1; i >= 0; i--) {
      up.add(addChildBlock("up" + i, new ResBlock(width + ch.get(i), ch.get(i), td, g)));
      width = ch.get(i);
    }
    upAttention = addChildBlock("up_attn", new SpatialTransformer(lowest, config.contextDim(),
        config.attentionHeads(), g));
    normOut = addChildBlock("norm_out", new GroupNorm(Math.min(g, ch.get(0)), ch.get(0)));
    convOut = addChildBlock("conv_out", new Conv(ch.get(0), config.inChannels(), 3, 1));
  }

  /** A network whose weights are drawn from {@code seed} alone (same seed, same weights, any machine). */
  public static UNet create(UNetConfig config, long seed, NDManager manager) {
    UNet net = new UNet(config);
    net.initialize(manager, seed);
    return net;
  }

  /**
   * Initializes every parameter not yet initialized: conv and linear weights from U(-1/sqrt(fan_in),
   * 1/sqrt(fan_in)) as PyTorch's defaults, each from its own stream seeded by {@code seed} and its name;
   * biases 0, norms 1/0; LoRA B 0.
   */
  public void initialize(NDManager manager, long seed) {
    initialize(this, manager, seed);
  }

  /** {@link #initialize(NDManager, long)} for any network built from this package's blocks. */
  public static void initialize(Block block, NDManager manager, long seed) {
    for (Pair<String, Parameter> p : block.getParameters()) {
      Parameter param = p.getValue();
      if (param.isInitialized()) continue;
      String name = p.getKey();
      Shape shape = param.getShape();
      if (param.getType() == Parameter.Type.WEIGHT && !name.endsWith("lora_b")) {
        long fanIn = shape.size() / shape.get(0);
        param.setInitializer(SeededInitializer.uniform(1 / Math.sqrt(fanIn), SeededInitializer.seedFor(seed, name)));
      } else if (param.getType() == Parameter.Type.GAMMA) {
        param.setInitializer(Initializer.ONES);
      } else {
        param.setInitializer(Initializer.ZEROS);
      }
      param.initialize(manager, DataType.FLOAT32);
    }
  }

  public UNetConfig config() {
    return config;
  }

  /** Every attention of the network (self and cross), in a stable order. */
  List<Attention> attentions() {
    List<Attention> out = new ArrayList<>();
    for (SpatialTransformer t : List.of(downAttention, midAttention, upAttention)) {
      out.add(t.selfAttention());
      out.add(t.crossAttention());
    }
    return out;
  }

  /**
   * Attaches LoRA adapters of rank {@code rank} to the named projections ({@link #TARGET_MODULES}) of every
   * attention; they start as the identity update, so the network's output is unchanged.
   */
  public void applyLora(int rank, float alpha, Set<String> targets, long seed) {
    if (!TARGET_MODULES.containsAll(targets) || targets.isEmpty()) {
      throw new dev.align4j.core.util.UserError("LoRA target modules " + new TreeSet<>(targets)
          + ": the UNet's are " + new TreeSet<>(TARGET_MODULES));
    }
    List<Attention> attentions = attentions();
    for (int i = 0; i < attentions.size(); i++) {
      for (var e : attentions.get(i).projections().entrySet()) {
        if (targets.contains(e.getKey())) {
          e.getValue().enableLora(rank, alpha, SeededInitializer.seedFor(seed, "lora" + i + "." + e.getKey()));
        }
      }
    }
  }

  /** Turns every adapter on or off (off: the base network exactly). */
  public void setAdaptersEnabled(boolean enabled) {
    for (Attention a : attentions()) a.projections().values().forEach(p -> p.setAdaptersEnabled(enabled));
  }

  /**
   * The prediction for noisy samples {@code x [B, C, H, W]} at integer {@code timesteps [B]} given caption
   * embeddings {@code context [B, L, D]}.
   */
  public NDArray forward(ParameterStore store, NDArray x, NDArray timesteps, NDArray context, boolean training) {
    Shape s = x.getShape();
    if (s.dimension() != 4 || s.get(1) != config.inChannels() || s.get(2) != config.sampleSize()
        || s.get(3) != config.sampleSize()) {
      throw new IllegalArgumentException("UNet expects samples [B, " + config.inChannels() + ", "
          + config.sampleSize() + ", " + config.sampleSize() + "], got " + s);
    }
    if (context.getShape().dimension() != 3 || context.getShape().get(2) != config.contextDim()
        || context.getShape().get(0) != s.get(0) || timesteps.getShape().size() != s.get(0)) {
      throw new IllegalArgumentException("UNet expects timesteps [" + s.get(0) + "] and context [" + s.get(0)
          + ", L, " + config.contextDim() + "], got " + timesteps.getShape() + " and " + context.getShape());
    }
    NDArray features = sinusoidal(timesteps, timeFeatures);
    NDArray t = timeOut.forward(store, FusedOps.silu(timeIn.forward(store, features, training)), training);
    // The pooled caption joins the timestep embedding (as SDXL's pooled text embedding does): every residual
    // block sees the caption from the first step of training, long before cross-attention learns to.
    NDArray pooled = captionIn.forward(store, context.mean(new int[] {1}), training);
    NDArray temb = FusedOps.silu(t.add(pooled));
    NDArray h = convIn.forward(store, x, training);
    Deque<NDArray> skips = new ArrayDeque<>();
    int levels = down.size();
    for (int i = 0; i < levels; i++) {
      h = down.get(i).forward(store, h, temb, training);
      if (i == levels - 1) h = downAttention.forward(store, h, context, training);
      skips.push(h);
      if (i < levels - 1) h = downsample.get(i).forward(store, h, training);
    }
    h = mid1.forward(store, h, temb, training);
    h = midAttention.forward(store, h, context, training);
    h = mid2.forward(store, h, temb, training);
    for (int j = 0; j < levels; j++) {
      h = up.get(j).forward(store, NDArrays.concat(new NDList(h, skips.pop()), 1), temb, training);
      if (j == 0) h = upAttention.forward(store, h, context, training);
      if (j < levels - 1) h = upsample(h);
    }
    return convOut.forward(store, normOut.forwardSilu(store, h, training), training);
  }

  /** Nearest-neighbour 2x upsampling as a broadcast and reshape (differentiable, no interpolation kernel). */
  public static NDArray upsample(NDArray h) {
    Shape s = h.getShape();
    long b = s.get(0);
    long c = s.get(1);
    long hh = s.get(2);
    long ww = s.get(3);
    return h.reshape(b, c, hh, 1, ww, 1).broadcast(new Shape(b, c, hh, 2, ww, 2)).reshape(b, c, 2 * hh, 2 * ww);
  }

  /**
   * The transformer's sinusoidal features of the timesteps, [cos | sin] with frequencies 10000^(-i/half)
   * (diffusers' flip_sin_to_cos=True, freq_shift=0), {@code features} wide. Built from the timesteps only:
   * nothing here trains.
   */
  public static NDArray sinusoidal(NDArray timesteps, int features) {
    NDManager m = timesteps.getManager();
    int half = features / 2;
    float[] freqs = new float[half];
    for (int i = 0; i < half; i++) freqs[i] = (float) Math.exp(-Math.log(10000) * i / half);
    NDArray f;
    try (NDArray blob = m.create(freqs, new Shape(1, half))) {
      f = blob.duplicate();
    }
    NDArray args = timesteps.toType(DataType.FLOAT32, false).reshape(-1, 1).mul(f);
    return NDArrays.concat(new NDList(args.cos(), args.sin()), 1);
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
