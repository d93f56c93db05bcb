package dev.align4j.text.reward;

import ai.onnx.proto.OnnxMl;
import dev.align4j.rewards.onnx.OnnxGraphs;
import dev.align4j.rewards.onnx.Opset13;
import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import com.google.common.collect.ImmutableMap;
import dev.align4j.core.nn.LoraLinear;
import dev.align4j.text.gpt.Gpt;
import dev.align4j.text.gpt.GptConfig;
import dev.align4j.text.gpt.GptLayer;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.tribuo.util.onnx.ONNXContext;
import org.tribuo.util.onnx.ONNXInitializer;
import org.tribuo.util.onnx.ONNXNode;
import org.tribuo.util.onnx.ONNXOperator;
import org.tribuo.util.onnx.ONNXOperators;
import org.tribuo.util.onnx.ONNXPlaceholder;
import org.tribuo.util.onnx.ONNXRef;

/**
 * Writes a {@link RewardGpt} as one ONNX graph (opset 13, through Tribuo's ONNX writer): inputs
 * {@code input_ids} and {@code attention_mask} (int64 {@code [batch, sequence]}, any padding side), output
 * {@code score} (float {@code [batch]}). The graph is the GPT's forward pass written out op by op (LayerNorm
 * from ReduceMean/Sqrt, exact erf GELU, the causal and padding mask built from Range and the mask input,
 * positions from CumSum of the mask) followed by the head on the last real token. LoRA adapters that are
 * enabled are folded into their base weights ({@code W + (alpha/r) B A}).
 */
public final class RewardGptOnnx {
  /** Opset of every node. */
  public static final int OPSET = Opset13.VERSION;
  /** Graph input and output names (the {@code text_scalar} manifest defaults). */
  public static final String INPUT_IDS = "input_ids";
  public static final String ATTENTION_MASK = "attention_mask";
  public static final String SCORE = "score";
  /** DJL's LayerNorm epsilon (its builder's default, which the GPT uses). */
  private static final float LAYER_NORM_EPS = 1e-5f;
  /** The additive attention bias of a forbidden key, as in CausalSelfAttention. */
  private static final float MASKED = 1e9f;

  private final ONNXContext ctx = new ONNXContext();
  private final Map<String, float[]> params = new HashMap<>();
  private final Map<String, long[]> shapes = new HashMap<>();
  private int counter;

  private RewardGptOnnx(RewardGpt model) {
    model.gpt().getParameters().forEach(p -> {
      params.put(p.getKey(), p.getValue().getArray().toFloatArray());
      shapes.put(p.getKey(), p.getValue().getArray().getShape().getShape());
    });
  }

  /** The model as an ONNX {@code ModelProto}. */
  public static OnnxMl.ModelProto graph(RewardGpt model) {
    return new RewardGptOnnx(model).build(model);
  }

  /** Writes the graph to {@code file} (a temporary sibling, then renamed). */
  public static void write(RewardGpt model, Path file) throws IOException {
    OnnxMl.ModelProto proto = graph(model);
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try (OutputStream out = Files.newOutputStream(tmp)) {
      proto.writeTo(out);
    }
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private OnnxMl.ModelProto build(RewardGpt model) {
    Gpt gpt = model.gpt();
    GptConfig c = gpt.config();
    ONNXPlaceholder ids = ctx.floatInput(INPUT_IDS, 1);
    ONNXPlaceholder mask = ctx.floatInput(ATTENTION_MASK, 1);
    ONNXInitializer zero = ctx.constant("zero_i64", 0L);
    ONNXInitializer one = ctx.constant("one_i64", 1L);

    // Positions count real tokens: cumsum(mask) - 1, at least 0 (as Gpt does).
    ONNXNode cum = op(Opset13.CUM_SUM, List.of(mask, one), Map.of());
    ONNXNode positions = op(Opset13.MAX, List.of(op(ONNXOperators.SUB, List.of(cum, one), Map.of()), zero), Map.of());
    ONNXNode x = op(ONNXOperators.ADD, List.of(
        op(ONNXOperators.GATHER, List.of(init("tok_emb"), ids), Map.of("axis", 0)),
        op(ONNXOperators.GATHER, List.of(init("pos_emb"), positions), Map.of("axis", 0))), Map.of());

    // Attention bias [B, 1, L, L]: 0 where key j <= query i and key j is real, -1e9 elsewhere.
    ONNXNode length = op(ONNXOperators.GATHER, List.of(op(Opset13.SHAPE, List.of(ids), Map.of()), one),
        Map.of("axis", 0));
    ONNXNode range = op(Opset13.RANGE, List.of(zero, length, one), Map.of());
    ONNXNode queries = op(ONNXOperators.UNSQUEEZE, List.of(range, ctx.array(name("axes"), new long[] {1})), Map.of());
    ONNXNode keys = op(ONNXOperators.UNSQUEEZE, List.of(range, ctx.array(name("axes"), new long[] {0})), Map.of());
    ONNXNode causal = op(ONNXOperators.LESS_OR_EQUAL, List.of(keys, queries), Map.of());
    ONNXNode real = op(ONNXOperators.GREATER, List.of(mask, zero), Map.of());
    ONNXNode realKeys = op(ONNXOperators.UNSQUEEZE, List.of(real, ctx.array(name("axes"), new long[] {1, 2})),
        Map.of());
    ONNXNode allowed = op(Opset13.AND, List.of(causal, realKeys), Map.of()).cast(float.class);
    ONNXNode bias = op(ONNXOperators.MUL, List.of(
        op(ONNXOperators.SUB, List.of(allowed, ctx.constant(name("one"), 1f)), Map.of()),
        ctx.constant(name("masked"), MASKED)), Map.of());

    int heads = c.nHeads();
    int headDim = c.dModel() / heads;
    float scale = (float) (1.0 / Math.sqrt(headDim));
    List<GptLayer> layers = gpt.layers();
    for (int i = 0; i < layers.size(); i++) {
      String p = String.format("%02dlayer_", i + 1);
      Map<String, LoraLinear> proj = layers.get(i).projections();
      ONNXNode h = layerNorm(x, p + "01ln_1");
      ONNXNode q = split(linear(h, proj.get("q")), heads, headDim, new int[] {0, 2, 1, 3});
      ONNXNode k = split(linear(h, proj.get("k")), heads, headDim, new int[] {0, 2, 3, 1});
      ONNXNode v = split(linear(h, proj.get("v")), heads, headDim, new int[] {0, 2, 1, 3});
      ONNXNode scores = op(ONNXOperators.ADD, List.of(op(Opset13.MAT_MUL, List.of(
          op(ONNXOperators.MUL, List.of(q, ctx.constant(name("scale"), scale)), Map.of()), k), Map.of()), bias),
              Map.of());
      ONNXNode attended = op(Opset13.MAT_MUL, List.of(op(Opset13.SOFTMAX, List.of(scores), Map.of("axis", -1)), v),
          Map.of());
      ONNXNode merged = op(Opset13.RESHAPE, List.of(
          op(Opset13.TRANSPOSE, List.of(attended), Map.of("perm", new int[] {0, 2, 1, 3})),
          ctx.array(name("shape"), new long[] {0, 0, c.dModel()})), Map.of());
      x = op(ONNXOperators.ADD, List.of(x, linear(merged, proj.get("o"))), Map.of());
      ONNXNode hidden = gelu(linear(layerNorm(x, p + "03ln_2"), proj.get("mlp_in")));
      x = op(ONNXOperators.ADD, List.of(x, linear(hidden, proj.get("mlp_out"))), Map.of());
    }
    ONNXNode last = layerNorm(x, String.format("%02dln_f", layers.size() + 1));

    // The head on the last real token: the position whose cumulative mask count equals the row's total.
    float[] w = model.headWeight();
    ONNXNode perPosition = op(Opset13.RESHAPE, List.of(
        op(Opset13.MAT_MUL, List.of(last, floats(HEAD_WEIGHT_NAME, w, w.length, 1)), Map.of()),
        ctx.array(name("shape"), new long[] {0, -1})), Map.of());
    ONNXNode total = op(ONNXOperators.REDUCE_SUM, List.of(mask, ctx.array(name("axes"), new long[] {1})),
        Map.of("keepdims", 1));
    ONNXNode isLast = op(Opset13.AND, List.of(op(Opset13.EQUAL, List.of(cum, total), Map.of()), real), Map.of())
        .cast(float.class);
    ONNXNode picked = op(ONNXOperators.REDUCE_SUM, List.of(
        op(ONNXOperators.MUL, List.of(perPosition, isLast), Map.of()), ctx.array(name("axes"), new long[] {1})),
        Map.of("keepdims", 0));
    op(ONNXOperators.ADD, List.of(picked, floats(HEAD_BIAS_NAME, new float[] {model.headBias()}, 1)), Map.of())
        .assignTo(ctx.floatOutput(SCORE, 1));

    ctx.setName("align4j_bt_reward");
    OnnxMl.GraphProto g = ctx.buildGraph();
    OnnxMl.GraphProto.Builder b = g.toBuilder().clearInput().clearOutput();
    b.addInput(OnnxGraphs.valueInfo(INPUT_IDS, DataType.INT64, "batch", "sequence"));
    b.addInput(OnnxGraphs.valueInfo(ATTENTION_MASK, DataType.INT64, "batch", "sequence"));
    b.addOutput(OnnxGraphs.valueInfo(SCORE, DataType.FLOAT, "batch"));
    return OnnxGraphs.model("align4j", b).build();
  }

  private static final String HEAD_WEIGHT_NAME = "reward_head_weight";
  private static final String HEAD_BIAS_NAME = "reward_head_bias";

  /** {@code [B, L, d]} to heads, transposed by {@code perm} from {@code [B, L, H, d/H]}. */
  private ONNXNode split(ONNXNode x, int heads, int headDim, int[] perm) {
    ONNXNode r = op(Opset13.RESHAPE, List.of(x, ctx.array(name("shape"), new long[] {0, 0, heads, headDim})), Map.of());
    return op(Opset13.TRANSPOSE, List.of(r), Map.of("perm", perm));
  }

  /** {@code (x - mean) / sqrt(var + eps) * gamma + beta} over the last axis. */
  private ONNXNode layerNorm(ONNXNode x, String prefix) {
    Map<String, Object> lastAxis = ImmutableMap.of("axes", new int[] {-1}, "keepdims", 1);
    ONNXNode mean = op(ONNXOperators.REDUCE_MEAN, List.of(x), lastAxis);
    ONNXNode centered = op(ONNXOperators.SUB, List.of(x, mean), Map.of());
    ONNXNode variance = op(ONNXOperators.REDUCE_MEAN,
        List.of(op(ONNXOperators.MUL, List.of(centered, centered), Map.of())), lastAxis);
    ONNXNode std = op(Opset13.SQRT, List.of(op(ONNXOperators.ADD,
        List.of(variance, ctx.constant(name("eps"), LAYER_NORM_EPS)), Map.of())), Map.of());
    ONNXNode normed = op(ONNXOperators.DIV, List.of(centered, std), Map.of());
    return op(ONNXOperators.ADD, List.of(op(ONNXOperators.MUL, List.of(normed, init(prefix + "_gamma")), Map.of()),
        init(prefix + "_beta")), Map.of());
  }

  /** GELU with the exact erf, as PyTorch's default: {@code 0.5 x (1 + erf(x / sqrt 2))}. */
  private ONNXNode gelu(ONNXNode x) {
    ONNXNode erf = op(Opset13.ERF,
        List.of(op(ONNXOperators.DIV, List.of(x, ctx.constant(name("sqrt2"), (float) Math.sqrt(2))),
        Map.of())), Map.of());
    ONNXNode onePlus = op(ONNXOperators.ADD, List.of(erf, ctx.constant(name("one"), 1f)), Map.of());
    return op(ONNXOperators.MUL, List.of(op(ONNXOperators.MUL, List.of(x, onePlus), Map.of()),
        ctx.constant(name("half"), 0.5f)), Map.of());
  }

  /** {@code x W_eff^T + b}, adapters folded into {@code W_eff}. */
  private ONNXNode linear(ONNXNode x, LoraLinear layer) {
    Map<String, float[]> own = new HashMap<>();
    Map<String, long[]> dims = new HashMap<>();
    layer.getParameters().forEach(p -> {
      own.put(p.getKey(), p.getValue().getArray().toFloatArray());
      dims.put(p.getKey(), p.getValue().getArray().getShape().getShape());
    });
    int out = (int) dims.get("weight")[0];
    int in = (int) dims.get("weight")[1];
    float[] w = own.get("weight").clone();
    if (layer.hasLora() && layer.adaptersEnabled()) {
      int r = layer.loraRank();
      float[] a = own.get("lora_a");   // [r, in]
      float[] bUp = own.get("lora_b"); // [out, r]
      double s = layer.loraAlpha() / (double) r;
      for (int o = 0; o < out; o++) {
        for (int j = 0; j < in; j++) {
          double acc = 0;
          for (int t = 0; t < r; t++) acc += bUp[o * r + t] * (double) a[t * in + j];
          w[o * in + j] += (float) (s * acc);
        }
      }
    }
    float[] transposed = new float[w.length];
    for (int o = 0; o < out; o++) {
      for (int j = 0; j < in; j++) transposed[j * out + o] = w[o * in + j];
    }
    ONNXNode y = op(Opset13.MAT_MUL, List.of(x, floats(name("w"), transposed, in, out)), Map.of());
    return own.containsKey("bias")
        ? op(ONNXOperators.ADD, List.of(y, floats(name("b"), own.get("bias"), out)), Map.of()) : y;
  }

  /** A GPT parameter as an initializer, by its DJL name. */
  private ONNXInitializer init(String parameter) {
    float[] v = params.get(parameter);
    if (v == null) throw new IllegalStateException("no GPT parameter " + parameter + " (have " + params.keySet() + ")");
    return floats(parameter, v, Arrays.stream(shapes.get(parameter)).mapToInt(Math::toIntExact).toArray());
  }

  private ONNXInitializer floats(String name, float[] values, int... dims) {
    return ctx.floatTensor(name, Arrays.stream(dims).boxed().toList(), buf -> buf.put(values));
  }

  private ONNXNode op(ONNXOperator op, List<? extends ONNXRef<?>> inputs, Map<String, Object> attributes) {
    return ctx.operation(op, inputs, name(op.getOpName().toLowerCase()), attributes);
  }

  private String name(String base) {
    return base + "_" + (counter++);
  }
}
