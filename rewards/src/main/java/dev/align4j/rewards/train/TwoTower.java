package dev.align4j.rewards.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Embedding;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.align4j.core.nn.Convolution;
import dev.align4j.core.nn.SeededInitializer;
import dev.align4j.losses.Scalars;
import java.util.ArrayList;
import java.util.List;

/**
 * A small CLIP-style two-tower model written as a DJL block, sized to train on a laptop CPU in minutes and
 * to export to ONNX op for op ({@link OnnxExport}).
 *
 * <ul>
 *   <li>text: token + position embeddings, masked (padding contributes nothing), flattened, an MLP
 *       ({@code Linear, ReLU, Linear}); the captions of the shapes world have a fixed grammar, so word
 *       positions carry their role;
 *   <li>image: 3x3 convolutions (padding 1) each followed by ReLU and 2x2 max pooling, flattened (keeping
 *       where things are: relations are about position), an MLP;
 *   <li>both embeddings L2-normalised, as Hugging Face's CLIP returns them; a learnable log-space logit scale
 *       (CLIP's, initialised to ln(1/0.07), used clamped at ln 100).
 * </ul>
 *
 * <p>Parameter names: {@code tok_emb}, {@code pos_emb}, {@code text_fc1_weight}, {@code text_fc1_bias},
 * {@code text_fc2_*}, {@code conv1_weight}, {@code conv1_bias}, ..., {@code image_fc1_*}, {@code image_fc2_*},
 * {@code logit_scale}; linear weights are {@code [out, in]}, convolution weights {@code [out, in, 3, 3]}.
 */
public final class TwoTower extends AbstractBlock {
  /** CLIP's clamp of the logit scale: exp(scale) at most 100. */
  public static final double MAX_LOGIT_SCALE = Math.log(100);
  /** CLIP's initial logit scale, ln(1 / 0.07). */
  public static final double INIT_LOGIT_SCALE = Math.log(1 / 0.07);
  /** Added under the square root of the L2 normalisation (the same constant is in the ONNX graph). */
  public static final double NORM_EPS = 1e-12;
  private static final byte VERSION = 1;

  private final TwoTowerSpec spec;
  private final Parameter tokEmb;
  private final Parameter posEmb;
  private final Parameter[] textFc;
  private final List<Parameter[]> convs = new ArrayList<>();
  private final Parameter[] imageFc;
  private final Parameter logitScale;

  /** The structure with uninitialised parameters; see {@link #create}. */
  public TwoTower(TwoTowerSpec spec) {
    super(VERSION);
    this.spec = spec;
    tokEmb = param("tok_emb", Parameter.Type.WEIGHT, spec.vocabSize(), spec.textWidth());
    posEmb = param("pos_emb", Parameter.Type.WEIGHT, spec.maxLength(), spec.textWidth());
    textFc = mlp("text", spec.maxLength() * spec.textWidth(), spec.textHidden(), spec.embedDim());
    int in = 3;
    for (int i = 0; i < spec.channels().size(); i++) {
      int out = spec.channels().get(i);
      convs.add(new Parameter[] {param("conv" + (i + 1) + "_weight", Parameter.Type.WEIGHT, out, in, 3, 3),
          param("conv" + (i + 1) + "_bias", Parameter.Type.BIAS, out)});
      in = out;
    }
    imageFc = mlp("image", spec.imageFeatures(), spec.imageHidden(), spec.embedDim());
    logitScale = param("logit_scale", Parameter.Type.WEIGHT, 1);
  }

  private Parameter param(String name, Parameter.Type type, long... shape) {
    return addParameter(Parameter.builder().setName(name).setType(type).optShape(new Shape(shape)).build());
  }

  /** Two linear layers {@code <prefix>_fc1}, {@code <prefix>_fc2}: {@code [w1, b1, w2, b2]}. */
  private Parameter[] mlp(String prefix, int in, int hidden, int out) {
    return new Parameter[] {param(prefix + "_fc1_weight", Parameter.Type.WEIGHT, hidden, in),
        param(prefix + "_fc1_bias", Parameter.Type.BIAS, hidden),
        param(prefix + "_fc2_weight", Parameter.Type.WEIGHT, out, hidden),
        param(prefix + "_fc2_bias", Parameter.Type.BIAS, out)};
  }

  /**
   * A model with weights drawn from {@code seed} (same seed, same weights): embeddings N(0, 1/max_length),
   * so the flattened text features start near unit scale; He-normal convolutions and linear layers; zero
   * biases; the logit scale at {@link #INIT_LOGIT_SCALE}.
   */
  public static TwoTower create(TwoTowerSpec spec, long seed, NDManager manager) {
    TwoTower m = new TwoTower(spec);
    for (Parameter p : m.parameters.values()) {
      String name = p.getName();
      Shape s = p.getShape();
      long seedOf = SeededInitializer.seedFor(seed, name);
      if (name.equals("logit_scale")) {
        p.setInitializer((mgr, shape, type) -> mgr.full(shape, (float) INIT_LOGIT_SCALE, type));
      } else if (p.getType() == Parameter.Type.BIAS) {
        p.setInitializer((mgr, shape, type) -> mgr.zeros(shape, type));
      } else if (name.endsWith("_emb")) {
        p.setInitializer(SeededInitializer.normal(1 / Math.sqrt(spec.maxLength()), seedOf));
      } else {
        long fanIn = s.size() / s.get(0);
        p.setInitializer(SeededInitializer.normal(Math.sqrt(2.0 / fanIn), seedOf));
      }
    }
    m.initialize(manager, DataType.FLOAT32, new Shape(1, spec.maxLength()), new Shape(1, spec.maxLength()),
        new Shape(1, 3, spec.imageSize(), spec.imageSize()));
    return m;
  }

  public TwoTowerSpec spec() {
    return spec;
  }

  /** L2-normalised text embeddings {@code [B, embed_dim]} of token ids and mask (int64 {@code [B, max_length]}). */
  public NDArray textEmbeds(NDArray ids, NDArray mask) {
    long batch = ids.getShape().get(0);
    NDArray x = Embedding.embedding(ids, tokEmb.getArray(), SparseFormat.DENSE).singletonOrThrow();
    x = x.add(posEmb.getArray()).mul(mask.toType(DataType.FLOAT32, false).expandDims(2));
    x = x.reshape(batch, (long) spec.maxLength() * spec.textWidth());
    x = Activation.relu(Linear.linear(x, textFc[0].getArray(), textFc[1].getArray()).singletonOrThrow());
    return normalize(Linear.linear(x, textFc[2].getArray(), textFc[3].getArray()).singletonOrThrow());
  }

  /** L2-normalised image embeddings {@code [B, embed_dim]} of normalised {@code pixel_values [B, 3, S, S]}. */
  public NDArray imageEmbeds(NDArray pixels) {
    long batch = pixels.getShape().get(0);
    NDArray x = pixels;
    for (Parameter[] conv : convs) {
      x = Convolution.conv2d(x, conv[0].getArray(), conv[1].getArray(), new Shape(1, 1), new Shape(1, 1), 1);
      x = Pool.maxPool2d(Activation.relu(x), new Shape(2, 2), new Shape(2, 2), new Shape(0, 0), false);
    }
    x = x.reshape(batch, spec.imageFeatures());
    x = Activation.relu(Linear.linear(x, imageFc[0].getArray(), imageFc[1].getArray()).singletonOrThrow());
    return normalize(Linear.linear(x, imageFc[2].getArray(), imageFc[3].getArray()).singletonOrThrow());
  }

  /** The logit scale in use, {@code min(logit_scale, ln 100)}, a differentiable {@code [1]} array. */
  public NDArray logitScale() {
    return logitScale.getArray().minimum(Scalars.of(MAX_LOGIT_SCALE));
  }

  /** Its value, as exported. */
  public float logitScaleValue() {
    return (float) Math.min(logitScale.getArray().getFloat(0), MAX_LOGIT_SCALE);
  }

  static NDArray normalize(NDArray x) {
    return x.div(x.square().sum(new int[] {1}, true).add(Scalars.of(NORM_EPS)).sqrt());
  }

  /** Convolution weight and bias of each layer, first to last. */
  List<Parameter[]> convs() {
    return convs;
  }

  @Override
  protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
      PairList<String, Object> params) {
    return new NDList(textEmbeds(inputs.get(0), inputs.get(1)), imageEmbeds(inputs.get(2)));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {new Shape(inputShapes[0].get(0), spec.embedDim()),
        new Shape(inputShapes[2].get(0), spec.embedDim())};
  }
}
