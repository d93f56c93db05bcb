package dev.align4j.text.gpt;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Embedding;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.align4j.core.nn.CausalSelfAttention;
import dev.align4j.core.nn.KvCache;
import dev.align4j.core.nn.LoraLinear;
import dev.align4j.core.nn.SeededInitializer;
import dev.align4j.text.CachedCausalLm;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A small GPT written as DJL blocks: token and learned position embeddings, {@code n_layers} pre-LayerNorm
 * {@link GptLayer}s, a final LayerNorm and an output projection tied to the token embedding. The embedded
 * default policy: trainable from scratch on a laptop.
 *
 * <p>Positions are counted over real tokens ({@code cumsum(mask) - 1}), so a left-padded and a right-padded
 * copy of a sequence give the same logits at its real positions.
 *
 * <p>Parameter names (DJL's, children prefixed with their two-digit index): {@code tok_emb}, {@code pos_emb},
 * {@code lm_head} (untied only), {@code 01layer_02attn_01q_weight}, ..., {@code 01layer_04mlp_in_lora_a},
 * {@code 05ln_f_gamma} (for 4 layers).
 */
public final class Gpt extends AbstractBlock implements CachedCausalLm {

  private static final byte VERSION = 1;
  /** Std of the normal initialization of every weight (GPT-2's). */
  private static final double INIT_STD = 0.02;
  /** LoRA target names, in the order {@link GptLayer#projections()} lists them. */
  public static final Set<String> TARGET_MODULES = Set.of("q", "k", "v", "o", "mlp_in", "mlp_out");

  private final GptConfig config;
  private final Parameter tokenEmbedding;
  private final Parameter positionEmbedding;
  private final Parameter lmHead;
  private final List<GptLayer> layers = new ArrayList<>();
  private final LayerNorm finalNorm;
  private LoraConfig lora;

  /** The model's structure with uninitialized parameters; see {@link #create} or load a checkpoint. */
  public Gpt(GptConfig config) {
    super(VERSION);
    this.config = config;
    tokenEmbedding = addParameter(weight("tok_emb", config.vocabSize(), config.dModel()));
    positionEmbedding = addParameter(weight("pos_emb", config.contextLength(), config.dModel()));
    lmHead = config.tieEmbeddings() ? null : addParameter(weight("lm_head", config.vocabSize(), config.dModel()));
    for (int i = 0; i < config.nLayers(); i++) {
      layers.add(addChildBlock("layer", new GptLayer(config)));
    }
    finalNorm = addChildBlock("ln_f", LayerNorm.builder().axis(2).build());
  }

  /** A model with weights drawn deterministically from {@code seed} (same seed, same weights). */
  public static Gpt create(GptConfig config, long seed, NDManager manager) {
    Gpt gpt = new Gpt(config);
    gpt.initialize(manager, seed);
    return gpt;
  }

  /**
   * Initializes every parameter: weights from N(0, 0.02²), the residual projections ({@code o},
   * {@code mlp_out}) from N(0, (0.02/√(2·n_layers))²), biases 0, LayerNorm 1/0. Each weight gets its own
   * stream seeded from {@code seed} and its name. Adapters attached before keep their own initialization.
   */
  public void initialize(NDManager manager, long seed) {
    tokenEmbedding.setInitializer(SeededInitializer.normal(INIT_STD, SeededInitializer.seedFor(seed, "tok_emb")));
    positionEmbedding.setInitializer(
        SeededInitializer.normal(INIT_STD, SeededInitializer.seedFor(seed, "pos_emb")));
    if (lmHead != null) {
      lmHead.setInitializer(SeededInitializer.normal(INIT_STD, SeededInitializer.seedFor(seed, "lm_head")));
    }
    double residualStd = INIT_STD / Math.sqrt(2.0 * config.nLayers());
    for (int i = 0; i < layers.size(); i++) {
      for (Map.Entry<String, LoraLinear> e : layers.get(i).projections().entrySet()) {
        boolean residual = e.getKey().equals("o") || e.getKey().equals("mlp_out");
        long paramSeed = SeededInitializer.seedFor(seed, "layer" + i + "." + e.getKey());
        e.getValue().setInitializer(SeededInitializer.normal(residual ? residualStd : INIT_STD, paramSeed), "weight");
      }
    }
    Shape ids = new Shape(1, config.contextLength());
    initialize(manager, DataType.FLOAT32, ids, ids);
  }

  private static Parameter weight(String name, long rows, long cols) {
    return Parameter.builder().setName(name).setType(Parameter.Type.WEIGHT).optShape(new Shape(rows, cols)).build();
  }

  public GptConfig config() {
    return config;
  }

  /** The transformer layers, first to last. */
  public List<GptLayer> layers() {
    return List.copyOf(layers);
  }

  /**
   * Attaches LoRA adapters to the named projections of every layer (names from {@link #TARGET_MODULES}).
   * Works on a trained model: the adapters start as the identity update ({@code B = 0}).
   */
  public void applyLora(int rank, float alpha, Set<String> targetModules, long seed) {
    if (lora != null) {
      throw new IllegalStateException("LoRA adapters are already attached: " + lora);
    }
    if (!TARGET_MODULES.containsAll(targetModules)) {
      Set<String> unknown = new TreeSet<>(targetModules);
      unknown.removeAll(TARGET_MODULES);
      throw new IllegalArgumentException(
          "Unknown LoRA target module(s) " + unknown + "; valid: " + new TreeSet<>(TARGET_MODULES));
    }
    LoraConfig spec = new LoraConfig(rank, alpha, List.copyOf(new TreeSet<>(targetModules)));
    for (int i = 0; i < layers.size(); i++) {
      for (Map.Entry<String, LoraLinear> e : layers.get(i).projections().entrySet()) {
        if (targetModules.contains(e.getKey())) {
          e.getValue().enableLora(rank, alpha, SeededInitializer.seedFor(seed, "lora.layer" + i + "." + e.getKey()));
        }
      }
    }
    lora = spec;
  }

  /** The attached adapters, if any. */
  public Optional<LoraConfig> lora() {
    return Optional.ofNullable(lora);
  }

  /** Turns every adapter on or off; off gives the base model's logits exactly. */
  public void setAdaptersEnabled(boolean enabled) {
    for (GptLayer layer : layers) {
      layer.projections().values().forEach(p -> p.setAdaptersEnabled(enabled));
    }
  }

  @Override
  public NDArray logits(ParameterStore store, NDArray tokenIds, NDArray attentionMask, boolean training) {
    return forward(store, tokenIds, attentionMask, null, training);
  }

  @Override
  public NDArray logits(ParameterStore store, NDArray newTokenIds, NDArray attentionMask, KvCache cache) {
    return forward(store, newTokenIds, attentionMask, cache, false);
  }

  @Override
  public KvCache newCache(NDManager manager) {
    return new KvCache(manager, config.nLayers());
  }

  @Override
  public int vocabSize() {
    return config.vocabSize();
  }

  @Override
  public int contextLength() {
    return config.contextLength();
  }

  private NDArray forward(ParameterStore store, NDArray ids, NDArray mask, KvCache cache, boolean training) {
    return forward(store, ids, mask, cache, training, true);
  }

  private NDArray forward(ParameterStore store, NDArray ids, NDArray mask, KvCache cache, boolean training,
      boolean logits) {
    long past = cache == null ? 0 : cache.length();
    Shape idShape = ids.getShape();
    Shape maskShape = mask.getShape();
    if (idShape.dimension() != 2 || maskShape.dimension() != 2 || maskShape.get(0) != idShape.get(0)
        || maskShape.get(1) != past + idShape.get(1)) {
      throw new IllegalArgumentException("Expected ids [B, T_new] and mask [B, T_past + T_new] with T_past = "
          + past + ", got ids " + idShape + " and mask " + maskShape);
    }
    long newLength = idShape.get(1);
    long total = maskShape.get(1);
    if (total > config.contextLength()) {
      throw new IllegalArgumentException(
          "Sequence length " + total + " exceeds the model's context length " + config.contextLength());
    }
    NDArray positions = mask.toType(DataType.INT64, false).cumSum(1).sub(1)
        .maximum(0);  // integer positions: no autograd here
    if (past > 0) {
      positions = positions.get(":, {}:", past);
    }
    NDArray tokens = ids.toType(DataType.INT64, false);
    NDArray x = lookup(store, tokenEmbedding, tokens, training)
        .add(lookup(store, positionEmbedding, positions, training));
    if (training && config.dropout() > 0) {
      x = Dropout.dropout(x, config.dropout(), true).singletonOrThrow();
    }
    NDArray bias = CausalSelfAttention.attentionBias(mask, newLength);
    for (int i = 0; i < layers.size(); i++) {
      x = layers.get(i).forward(store, x, bias, cache, i, training);
    }
    x = finalNorm.forward(store, new NDList(x), training).singletonOrThrow();
    if (!logits) return x;
    NDArray head = store.getValue(lmHead != null ? lmHead : tokenEmbedding, x.getDevice(), training);
    return Linear.linear(x, head).singletonOrThrow();
  }

  /**
   * The final hidden states (after {@code ln_f}, before the output projection) of {@code tokenIds [B, T]}
   * under {@code attentionMask [B, T]}: {@code [B, T, d_model]}. What a scalar head (a reward model) reads.
   */
  public NDArray hidden(ParameterStore store, NDArray tokenIds, NDArray attentionMask, boolean training) {
    return forward(store, tokenIds, attentionMask, null, training, false);
  }

  private static NDArray lookup(ParameterStore store, Parameter table, NDArray ids, boolean training) {
    NDArray weights = store.getValue(table, ids.getDevice(), training);
    return Embedding.embedding(ids, weights, SparseFormat.DENSE).singletonOrThrow();
  }

  /** As a DJL block: {@code (tokenIds [B, T], attentionMask [B, T])} to logits {@code [B, T, V]}. */
  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    return new NDList(logits(store, inputs.get(0), inputs.get(1), training));
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    Shape hidden = new Shape(inputShapes[0].get(0), inputShapes[0].get(1), config.dModel());
    for (GptLayer layer : layers) {
      layer.initialize(manager, dataType, hidden, inputShapes[0]);
    }
    finalNorm.initialize(manager, dataType, hidden);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {new Shape(inputShapes[0].get(0), inputShapes[0].get(1), config.vocabSize())};
  }
}
