package dev.align4j.text.gpt;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.align4j.core.nn.CausalSelfAttention;
import dev.align4j.core.nn.KvCache;
import dev.align4j.core.nn.LoraLinear;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One pre-LayerNorm transformer layer: {@code x + attn(ln_1(x))}, then {@code x + mlp_out(gelu(mlp_in(ln_2(x))))}.
 * As a DJL block it takes {@code (x [B, T, d], attentionMask [B, T])}.
 */
public final class GptLayer extends AbstractBlock {

  private static final byte VERSION = 1;

  private final float dropout;
  private final LayerNorm ln1;
  private final CausalSelfAttention attention;
  private final LayerNorm ln2;
  private final LoraLinear mlpIn;
  private final LoraLinear mlpOut;

  GptLayer(GptConfig config) {
    super(VERSION);
    dropout = config.dropout();
    ln1 = addChildBlock("ln_1", LayerNorm.builder().axis(2).build());
    attention = addChildBlock("attn", new CausalSelfAttention(config.dModel(), config.nHeads()));
    ln2 = addChildBlock("ln_2", LayerNorm.builder().axis(2).build());
    mlpIn = addChildBlock("mlp_in", new LoraLinear(config.dModel(), config.mlpHidden(), true));
    mlpOut = addChildBlock("mlp_out", new LoraLinear(config.mlpHidden(), config.dModel(), true));
  }

  /** Every linear projection of this layer by its LoRA target name: q, k, v, o, mlp_in, mlp_out. */
  public Map<String, LoraLinear> projections() {
    Map<String, LoraLinear> map = new LinkedHashMap<>(attention.projections());
    map.put("mlp_in", mlpIn);
    map.put("mlp_out", mlpOut);
    return map;
  }

  /** The layer on new positions {@code x [B, T_new, d]}; see {@link CausalSelfAttention#forward}. */
  NDArray forward(ParameterStore store, NDArray x, NDArray bias, KvCache cache, int index, boolean training) {
    NDArray attended = attention.forward(store, norm(ln1, store, x, training), bias, cache, index, training);
    x = x.add(drop(attended, training));
    NDArray hidden = Activation.gelu(mlpIn.forward(store, norm(ln2, store, x, training), training));
    return x.add(drop(mlpOut.forward(store, hidden, training), training));
  }

  private static NDArray norm(LayerNorm ln, ParameterStore store, NDArray x, boolean training) {
    return ln.forward(store, new NDList(x), training).singletonOrThrow();
  }

  private NDArray drop(NDArray x, boolean training) {
    return training && dropout > 0 ? Dropout.dropout(x, dropout, true).singletonOrThrow() : x;
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray x = inputs.get(0);
    NDArray bias = CausalSelfAttention.attentionBias(inputs.get(1), x.getShape().get(1));
    return new NDList(forward(store, x, bias, null, 0, training));
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    Shape x = inputShapes[0];
    ln1.initialize(manager, dataType, x);
    attention.initialize(manager, dataType, x, new Shape(x.get(0), x.get(1)));
    ln2.initialize(manager, dataType, x);
    mlpIn.initialize(manager, dataType, x);
    mlpOut.initialize(manager, dataType, new Shape(x.get(0), x.get(1), mlpIn.outFeatures()));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {inputShapes[0]};
  }
}
