package dev.align4j.rewards.train;

import dev.align4j.rewards.onnx.OnnxGraphs;
import dev.align4j.rewards.onnx.Opset13;

import ai.djl.ndarray.NDManager;
import ai.onnx.proto.OnnxMl;
import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.common.collect.ImmutableMap;
import dev.align4j.core.util.FileTrees;
import dev.align4j.core.util.UserError;
import dev.align4j.rewards.manifest.Preprocessing;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.tribuo.util.onnx.ONNXContext;
import org.tribuo.util.onnx.ONNXInitializer;
import org.tribuo.util.onnx.ONNXNode;
import org.tribuo.util.onnx.ONNXOperators;
import org.tribuo.util.onnx.ONNXPlaceholder;
import org.tribuo.util.onnx.ONNXRef;

/**
 * Writes a trained {@link TwoTower} as a registry model directory: {@code model.onnx} (one graph, both
 * towers, built with Tribuo's ONNX writer at opset 13), {@code tokenizer.json} and {@code manifest.json}. The
 * graph takes and returns what Hugging Face Optimum's CLIP export does: {@code input_ids},
 * {@code attention_mask} (int64 {@code [text_batch, max_length]}), {@code pixel_values} (float
 * {@code [image_batch, 3, S, S]}) to L2-normalised {@code text_embeds}, {@code image_embeds} and the scalar
 * {@code logit_scale}; the manifest scores with the {@code pickscore} formula
 * ({@code exp(logit_scale) * cos(t, i)}). Initializers carry the parameters' names and layouts, and the
 * model's metadata its {@link TwoTowerSpec}, so {@link #read} gets the exact weights back.
 */
public final class OnnxExport {
  public static final String MODEL_FILE = "model.onnx";
  public static final String TOKENIZER_FILE = "tokenizer.json";
  public static final String MANIFEST_FILE = "manifest.json";
  /** Metadata key holding the spec as JSON. */
  static final String SPEC_KEY = "align4j.two_tower_spec";
  /** The logit scale's initializer (the graph output is {@code logit_scale}). */
  static final String LOGIT_SCALE_VALUE = "logit_scale_value";

  private OnnxExport() {}

  /** What the manifest says about the model. */
  public record Info(String name, String description) {}

  /**
   * Writes the registry directory {@code dir} (replacing it) for {@code policy}: written to a temporary
   * sibling first and renamed, so {@code dir} is complete or untouched.
   */
  public static Path write(TwoTowerPolicy policy, Info info, Path dir) {
    Path target = dir.toAbsolutePath().normalize();
    Path tmp = target.resolveSibling("." + target.getFileName() + ".tmp-" + System.nanoTime());
    try {
      Files.createDirectories(tmp);
      Files.write(tmp.resolve(MODEL_FILE), graph(policy).toByteArray());
      Files.write(tmp.resolve(TOKENIZER_FILE), ShapesTokenizer.json());
      Files.writeString(tmp.resolve(MANIFEST_FILE), manifest(policy.model().spec(), info));
      if (Files.exists(target)) FileTrees.deleteTree(target);
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + target, e);
    } finally {
      FileTrees.deleteQuietly(tmp);
    }
  }

  /** The manifest JSON: kind two_tower, Optimum's names, the pickscore formula with the graph's logit scale. */
  static String manifest(TwoTowerSpec spec, Info info) {
    ObjectNode m = JsonNodeFactory.instance.objectNode();
    m.put("name", info.name());
    m.put("description", info.description());
    m.put("kind", "two_tower");
    m.putObject("files").put("model", MODEL_FILE).put("tokenizer", TOKENIZER_FILE);
    m.putObject("inputs").put("input_ids", "input_ids").put("attention_mask", "attention_mask")
        .put("pixel_values", "pixel_values");
    m.putObject("outputs").put("text_embeds", "text_embeds").put("image_embeds", "image_embeds")
        .put("logit_scale", "logit_scale");
    m.putObject("text").put("max_length", spec.maxLength()).put("pad_token", ShapesTokenizer.END);
    ObjectNode p = m.putObject("preprocessing");
    p.put("mode", Preprocessing.Mode.CLIP_CENTER_CROP.id());
    p.put("size", spec.imageSize());
    // methods.md's decimal values (doubles: float printing would round the last digit)
    p.putArray("mean").add(0.48145466).add(0.4578275).add(0.40821073);
    p.putArray("std").add(0.26862954).add(0.26130258).add(0.27577711);
    m.putObject("score").put("formula", "pickscore");
    try {
      return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(m) + "\n";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The ONNX model of {@code policy}'s current weights. */
  public static OnnxMl.ModelProto graph(TwoTowerPolicy policy) {
    TwoTower model = policy.model();
    TwoTowerSpec spec = model.spec();
    Map<String, float[]> w = policy.values();
    Map<String, long[]> shapes = new HashMap<>();
    policy.parameters().forEach(p -> shapes.put(p.name(), p.array().getShape().getShape()));
    ONNXContext ctx = new ONNXContext();
    ONNXPlaceholder ids = ctx.floatInput("input_ids", 1);
    ONNXPlaceholder mask = ctx.floatInput("attention_mask", 1);
    ONNXPlaceholder px = ctx.floatInput("pixel_values", 1);
    Map<String, String> renames = new HashMap<>();
    java.util.function.Function<String, ONNXInitializer> init = name -> {
      List<Integer> dims = new ArrayList<>();
      for (long d : shapes.get(name)) dims.add((int) d);
      ONNXInitializer i = ctx.floatTensor(name, dims, b -> b.put(w.get(name)));
      renames.put(i.getReference(), name);
      return i;
    };
    ONNXInitializer axis1 = ctx.array("axis1", new long[] {1});
    ONNXInitializer eps = ctx.constant("norm_eps", (float) TwoTower.NORM_EPS);

    // text: gather + positions, masked, flattened, MLP, L2 normalisation
    ONNXNode tokens = init.apply("tok_emb").apply(ONNXOperators.GATHER, ids, Map.of("axis", 0));
    ONNXNode m3 = mask.cast(float.class).apply(ONNXOperators.UNSQUEEZE, ctx.array("axis2", new long[] {2}));
    ONNXNode x = tokens.apply(ONNXOperators.ADD, init.apply("pos_emb")).apply(ONNXOperators.MUL, m3)
        .apply(Opset13.FLATTEN, Map.of("axis", 1));
    ONNXNode t = mlp(ctx, x, "text", init);
    normalize(t, axis1, eps).assignTo(ctx.floatOutput("text_embeds", spec.embedDim()));

    // image: (conv 3x3 pad 1, relu, maxpool 2x2) per layer, flattened, MLP, L2 normalisation
    ONNXRef<?> y = px;
    for (int i = 1; i <= spec.channels().size(); i++) {
      ONNXNode conv = ctx.operation(Opset13.CONV, List.of(y, init.apply("conv" + i + "_weight"),
          init.apply("conv" + i + "_bias")), "conv" + i, ImmutableMap.of("kernel_shape", new int[] {3, 3},
          "pads", new int[] {1, 1, 1, 1}, "strides", new int[] {1, 1}));
      y = conv.apply(Opset13.RELU).apply(Opset13.MAX_POOL,
          ImmutableMap.of("kernel_shape", new int[] {2, 2}, "strides", new int[] {2, 2}));
    }
    ONNXNode features = y.apply(Opset13.FLATTEN, Map.of("axis", 1));
    normalize(mlp(ctx, features, "image", init), axis1, eps).assignTo(ctx.floatOutput("image_embeds", spec.embedDim()));

    ctx.constant(LOGIT_SCALE_VALUE, model.logitScaleValue()).assignTo(ctx.floatOutput("logit_scale", 1));
    renames.put(LOGIT_SCALE_VALUE + "_0", LOGIT_SCALE_VALUE);
    ctx.setName("two_tower");
    OnnxMl.GraphProto g = rename(ctx.buildGraph(), renames);
    OnnxMl.GraphProto.Builder b = g.toBuilder().clearInput().clearOutput();
    b.addInput(OnnxGraphs.valueInfo("input_ids", DataType.INT64, "text_batch", spec.maxLength()));
    b.addInput(OnnxGraphs.valueInfo("attention_mask", DataType.INT64, "text_batch", spec.maxLength()));
    int side = spec.imageSize();
    b.addInput(OnnxGraphs.valueInfo("pixel_values", DataType.FLOAT, "image_batch", 3, side, side));
    b.addOutput(OnnxGraphs.valueInfo("text_embeds", DataType.FLOAT, "text_batch", spec.embedDim()));
    b.addOutput(OnnxGraphs.valueInfo("image_embeds", DataType.FLOAT, "image_batch", spec.embedDim()));
    b.addOutput(OnnxGraphs.valueInfo("logit_scale", DataType.FLOAT));
    String specJson;
    try {
      specJson = TwoTowerPolicy.JSON.writeValueAsString(spec);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return OnnxGraphs.model("align4j", b)
        .addMetadataProps(OnnxMl.StringStringEntryProto.newBuilder().setKey(SPEC_KEY).setValue(specJson))
        .build();
  }

  /** {@code relu(x W1^T + b1) W2^T + b2} with the parameters {@code <prefix>_fc1_*}, {@code <prefix>_fc2_*}. */
  private static ONNXNode mlp(ONNXContext ctx, ONNXRef<?> x, String prefix,
      java.util.function.Function<String, ONNXInitializer> init) {
    ONNXNode h = ctx.operation(ONNXOperators.GEMM, List.of(x, init.apply(prefix + "_fc1_weight"),
        init.apply(prefix + "_fc1_bias")), prefix + "_fc1", Map.of("transB", 1)).apply(Opset13.RELU);
    return ctx.operation(ONNXOperators.GEMM, List.of(h, init.apply(prefix + "_fc2_weight"),
        init.apply(prefix + "_fc2_bias")), prefix + "_fc2", Map.of("transB", 1));
  }

  private static ONNXNode normalize(ONNXNode x, ONNXInitializer axis1, ONNXInitializer eps) {
    ONNXNode norm = x.apply(ONNXOperators.MUL, x).apply(ONNXOperators.REDUCE_SUM, axis1, Map.of("keepdims", 1))
        .apply(ONNXOperators.ADD, eps).apply(Opset13.SQRT);
    return x.apply(ONNXOperators.DIV, norm);
  }

  /** Renames initializers (Tribuo suffixes names to keep them unique) and every reference to them. */
  private static OnnxMl.GraphProto rename(OnnxMl.GraphProto g, Map<String, String> renames) {
    OnnxMl.GraphProto.Builder b = g.toBuilder();
    for (OnnxMl.TensorProto.Builder t : b.getInitializerBuilderList()) {
      t.setName(renames.getOrDefault(t.getName(), t.getName()));
    }
    for (OnnxMl.NodeProto.Builder n : b.getNodeBuilderList()) {
      for (int i = 0; i < n.getInputCount(); i++) n.setInput(i, renames.getOrDefault(n.getInput(i), n.getInput(i)));
    }
    return b.build();
  }

  /**
   * The model in {@code file} (written by {@link #graph}) back as a trainable policy in a sub-manager of
   * {@code parent}: the spec from the metadata, every parameter from the initializer of the same name.
   */
  public static TwoTowerPolicy read(Path file, NDManager parent) {
    OnnxMl.ModelProto proto;
    try (InputStream in = Files.newInputStream(file)) {
      proto = OnnxMl.ModelProto.parseFrom(in);
    } catch (IOException e) {
      throw new UserError(file + ": cannot read as ONNX (" + e.getMessage() + ")");
    }
    String specJson = proto.getMetadataPropsList().stream().filter(p -> p.getKey().equals(SPEC_KEY))
        .map(OnnxMl.StringStringEntryProto::getValue).findFirst()
        .orElseThrow(() -> new UserError(file + ": not an align4j two-tower export (no " + SPEC_KEY
            + " metadata); fine-tuning starts from a model align4j trained"));
    TwoTowerSpec spec;
    try {
      spec = TwoTowerPolicy.JSON.readValue(specJson, TwoTowerSpec.class);
    } catch (IOException e) {
      throw new UserError(file + ": bad " + SPEC_KEY + " metadata (" + e.getMessage() + ")");
    }
    Map<String, float[]> values = new HashMap<>();
    for (OnnxMl.TensorProto t : proto.getGraph().getInitializerList()) {
      if (t.getDataType() != DataType.FLOAT.getNumber()) continue;
      float[] v;
      if (t.getFloatDataCount() > 0) {
        v = new float[t.getFloatDataCount()];
        for (int i = 0; i < v.length; i++) v[i] = t.getFloatData(i);
      } else {
        ByteBuffer bb = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        v = new float[bb.remaining() / 4];
        bb.asFloatBuffer().get(v);
      }
      values.put(t.getName().equals(LOGIT_SCALE_VALUE) ? "logit_scale" : t.getName(), v);
    }
    TwoTowerPolicy policy = TwoTowerPolicy.create(spec, 0, parent);
    policy.set(values, file);
    return policy;
  }
}
