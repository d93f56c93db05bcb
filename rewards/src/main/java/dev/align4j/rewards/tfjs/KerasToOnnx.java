package dev.align4j.rewards.tfjs;

import ai.onnx.proto.OnnxMl;
import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import com.fasterxml.jackson.databind.JsonNode;
import com.google.common.base.Preconditions;
import dev.align4j.rewards.onnx.OnnxGraphs;
import dev.align4j.rewards.onnx.Opset13;
import dev.align4j.rewards.tfjs.TfjsLayersModel.Weight;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.tribuo.util.onnx.ONNXContext;
import org.tribuo.util.onnx.ONNXInitializer;
import org.tribuo.util.onnx.ONNXNode;
import org.tribuo.util.onnx.ONNXOperators;
import org.tribuo.util.onnx.ONNXPlaceholder;
import org.tribuo.util.onnx.ONNXRef;

/**
 * Converts a TensorFlow.js layers model (a Keras functional or sequential model, {@code channels_last}) to an
 * ONNX graph at opset {@value Opset13#VERSION}, written with Tribuo's ONNX writer and {@link Opset13}.
 *
 * <p>Inside the graph image tensors are NCHW: the NHWC input is transposed once at the start (or, with
 * {@link Layout#NCHW}, the graph takes NCHW and skips that transpose), Conv2D kernels {@code [kh, kw, in, out]}
 * become {@code [out, in, kh, kw]}, DepthwiseConv2D a grouped Conv, channel axes move to 1, and Flatten
 * transposes back to NHWC first so that the flattened order is Keras's. A four-dimensional output is given
 * back in NHWC. TensorFlow's {@code same} padding (the odd pixel after, not before) becomes explicit pads when
 * the stride is 1 or the spatial size is known, else {@code auto_pad SAME_UPPER}.
 *
 * <p>Layers: InputLayer, Conv2D, DepthwiseConv2D, BatchNormalization, ReLU (with {@code max_value}), Activation,
 * Add, Concatenate, ZeroPadding2D, MaxPooling2D, AveragePooling2D, GlobalAveragePooling2D, GlobalMaxPooling2D,
 * Flatten, Dense, Softmax, Dropout (and SpatialDropout2D, GaussianNoise, GaussianDropout: identities at
 * inference). Activations: linear, relu, relu6, sigmoid, tanh, softmax. Anything else is an
 * {@link IllegalArgumentException} naming the layer. One input and one output; each layer applied once.
 */
public final class KerasToOnnx {
  /** The element order of a four-dimensional graph input. */
  public enum Layout {
    /** {@code [batch, height, width, channels]}: the Keras model's own input. */
    NHWC,
    /** {@code [batch, channels, height, width]}: what ONNX vision graphs usually take. */
    NCHW
  }

  /**
   * How the graph is named and fed.
   *
   * @param graphName the ONNX graph's name
   * @param inputName the graph input's name (null: the Keras input layer's name)
   * @param inputLayout the graph input's layout when it is an image
   * @param outputName the graph output's name (null: the Keras output layer's name)
   * @param metadata extra model metadata (key, value), e.g. where the weights came from; written in this map's
   *     iteration order, so that the same conversion gives the same bytes
   */
  public record Options(String graphName, String inputName, Layout inputLayout, String outputName,
      Map<String, String> metadata) {
    public Options {
      Preconditions.checkNotNull(graphName, "graphName");
      Preconditions.checkNotNull(inputLayout, "inputLayout");
      metadata = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    }

    /** The Keras names, NHWC input, no metadata. */
    public static Options defaults(String graphName) {
      return new Options(graphName, null, Layout.NHWC, null, Map.of());
    }
  }

  /** The converter's name and version, written to the model's metadata under {@value #CONVERTER_KEY}. */
  public static final String CONVERTER = "align4j tfjs-layers-to-onnx 1";
  public static final String CONVERTER_KEY = "align4j.converter";

  static final Set<String> IDENTITY_LAYERS = Set.of("Dropout", "SpatialDropout2D", "GaussianNoise", "GaussianDropout");

  /**
   * A converted tensor: its reference in the graph and its Keras shape (batch first, null for unknown sizes;
   * image tensors are NHWC here even though the graph holds them NCHW).
   */
  private record Value(ONNXRef<?> ref, Integer[] shape) {
    int rank() {
      return shape.length;
    }

    Integer channels() {
      return shape[shape.length - 1];
    }
  }

  private final TfjsLayersModel model;
  private final Options options;
  private final ONNXContext ctx = new ONNXContext();
  private final Map<String, Value> values = new HashMap<>();
  private final Map<String, String> initializerNames = new HashMap<>();
  private String layer = "";
  private int constants;

  private KerasToOnnx(TfjsLayersModel model, Options options) {
    this.model = model;
    this.options = options;
  }

  /** The ONNX model of {@code model}. */
  public static OnnxMl.ModelProto convert(TfjsLayersModel model, Options options) {
    return new KerasToOnnx(model, options).build();
  }

  private OnnxMl.ModelProto build() {
    JsonNode cfg = model.config().path("config");
    String inputLayer = single(cfg.path("input_layers"), "input_layers");
    String outputLayer = single(cfg.path("output_layers"), "output_layers");
    Set<String> used = new TreeSet<>();
    OnnxMl.ValueInfoProto inputInfo = null;
    for (JsonNode l : model.layers()) {
      layer = l.path("name").asText();
      String cls = l.path("class_name").asText();
      JsonNode c = l.path("config");
      try {
        if (cls.equals("InputLayer")) {
          if (!layer.equals(inputLayer)) throw error("a second input layer (one input only)");
          inputInfo = input(c);
          continue;
        }
        List<Value> in = inbound(l);
        Value out = layer(cls, c, in, used);
        values.put(layer, out);
      } catch (IllegalArgumentException e) {
        if (e.getMessage() != null && e.getMessage().startsWith("layer ")) throw e;
        throw error(e.getMessage());
      }
    }
    if (inputInfo == null) throw new IllegalArgumentException("no InputLayer named " + inputLayer);
    layer = outputLayer;
    Value out = values.get(outputLayer);
    if (out == null) throw error("the output layer is not among the converted layers");
    List<Weight> unused = model.weights().values().stream().filter(w -> !used.contains(w.name())).toList();
    if (!unused.isEmpty()) {
      throw new IllegalArgumentException("weights no layer used: " + unused.stream().map(Weight::name).toList());
    }

    // the output: NHWC again for images, under its own name
    ONNXRef<?> result = out.ref();
    if (out.rank() == 4) result = result.apply(Opset13.TRANSPOSE, Map.of("perm", new int[] {0, 2, 3, 1}));
    String outputName = options.outputName() != null ? options.outputName() : outputLayer;
    ONNXPlaceholder output = ctx.floatOutput(outputName, 1);
    result.apply(ONNXOperators.IDENTITY).assignTo(output);
    ctx.setName(options.graphName());
    OnnxMl.GraphProto g = ctx.buildGraph();
    OnnxMl.GraphProto.Builder b = g.toBuilder().clearInput().clearOutput();
    for (OnnxMl.TensorProto.Builder t : b.getInitializerBuilderList()) {
      t.setName(initializerNames.getOrDefault(t.getName(), t.getName()));
    }
    for (OnnxMl.NodeProto.Builder n : b.getNodeBuilderList()) {
      for (int i = 0; i < n.getInputCount(); i++) {
        n.setInput(i, initializerNames.getOrDefault(n.getInput(i), n.getInput(i)));
      }
    }
    b.addInput(inputInfo);
    b.addOutput(OnnxGraphs.valueInfo(outputName, DataType.FLOAT, dims(out.shape(), out.rank() == 4 ? "nhwc" : "")));
    OnnxMl.ModelProto.Builder m = OnnxGraphs.model("align4j", b);
    Map<String, String> meta = new LinkedHashMap<>();
    meta.put(CONVERTER_KEY, CONVERTER);
    meta.putAll(options.metadata());
    meta.forEach((k, v) -> m.addMetadataProps(OnnxMl.StringStringEntryProto.newBuilder().setKey(k).setValue(v)));
    return m.build();
  }

  private OnnxMl.ValueInfoProto input(JsonNode c) {
    JsonNode shapeNode = c.path("batch_input_shape");
    if (!shapeNode.isArray()) throw error("no batch_input_shape");
    Integer[] shape = shapeOf(shapeNode);
    String name = options.inputName() != null ? options.inputName() : layer;
    ONNXPlaceholder x = ctx.floatInput(name, 1);
    if (shape.length == 4) {
      if (options.inputLayout() == Layout.NCHW) {
        values.put(layer, new Value(x, shape));
        return OnnxGraphs.valueInfo(name, DataType.FLOAT, dims(new Integer[] {shape[0], shape[3], shape[1], shape[2]},
            "nchw"));
      }
      values.put(layer, new Value(x.apply(Opset13.TRANSPOSE, Map.of("perm", new int[] {0, 3, 1, 2})), shape));
      return OnnxGraphs.valueInfo(name, DataType.FLOAT, dims(shape, "nhwc"));
    }
    if (shape.length != 2) throw error("input rank " + shape.length + " (only images [batch, h, w, c] and vectors)");
    values.put(layer, new Value(x, shape));
    return OnnxGraphs.valueInfo(name, DataType.FLOAT, dims(shape, ""));
  }

  private Value layer(String cls, JsonNode c, List<Value> in, Set<String> used) {
    if (IDENTITY_LAYERS.contains(cls)) return one(in);
    return switch (cls) {
      case "Conv2D" -> conv(c, one(in), false, used);
      case "DepthwiseConv2D" -> conv(c, one(in), true, used);
      case "BatchNormalization" -> batchNorm(c, one(in), used);
      case "ReLU" -> relu(c, one(in));
      case "Activation" -> activation(c.path("activation").asText("linear"), one(in));
      case "Softmax" -> softmax(one(in), c.path("axis").asInt(-1));
      case "Add" -> add(in);
      case "Concatenate" -> concat(c, in);
      case "ZeroPadding2D" -> zeroPad(c, one(in));
      case "MaxPooling2D", "AveragePooling2D" -> pool(c, one(in), cls.startsWith("Max"));
      case "GlobalAveragePooling2D", "GlobalMaxPooling2D" -> globalPool(c, one(in), cls.startsWith("GlobalMax"));
      case "Flatten" -> flatten(one(in));
      case "Dense" -> dense(c, one(in), used);
      default -> throw error("unsupported layer class " + cls + " (supported: InputLayer, Conv2D, DepthwiseConv2D, "
          + "BatchNormalization, ReLU, Activation, Softmax, Add, Concatenate, ZeroPadding2D, MaxPooling2D, "
          + "AveragePooling2D, GlobalAveragePooling2D, GlobalMaxPooling2D, Flatten, Dense, "
          + String.join(", ", new TreeSet<>(IDENTITY_LAYERS)) + ")");
    };
  }

  // ---- layers ----

  private Value conv(JsonNode c, Value x, boolean depthwise, Set<String> used) {
    image(x);
    channelsLast(c);
    int[] k = pair(c.path("kernel_size"), "kernel_size", null);
    int[] s = pair(c.path("strides"), "strides", new int[] {1, 1});
    int[] d = pair(c.path("dilation_rate"), "dilation_rate", new int[] {1, 1});
    if ((s[0] > 1 || s[1] > 1) && (d[0] > 1 || d[1] > 1)) throw error("strides and dilation_rate both above 1");
    String padding = c.path("padding").asText("valid");
    Integer cin = x.channels();
    if (cin == null) throw error("unknown number of input channels");
    Weight w;
    int cout;
    float[] kernel;
    int group;
    if (depthwise) {
      int mult = c.path("depth_multiplier").asInt(1);
      w = use(used, "depthwise_kernel");
      expectShape(w, k[0], k[1], cin, mult);
      cout = cin * mult;
      group = cin;
      kernel = new float[w.values().length];
      // [kh, kw, cin, mult] -> [cin * mult, 1, kh, kw]; output channel c * mult + m, as TensorFlow orders it
      for (int i = 0; i < k[0]; i++) {
        for (int j = 0; j < k[1]; j++) {
          for (int ci = 0; ci < cin; ci++) {
            for (int m = 0; m < mult; m++) {
              kernel[((ci * mult + m) * k[0] + i) * k[1] + j] = w.values()[((i * k[1] + j) * cin + ci) * mult + m];
            }
          }
        }
      }
    } else {
      cout = c.path("filters").asInt();
      w = use(used, "kernel");
      expectShape(w, k[0], k[1], cin, cout);
      group = 1;
      kernel = new float[w.values().length];
      // [kh, kw, cin, cout] -> [cout, cin, kh, kw]
      for (int i = 0; i < k[0]; i++) {
        for (int j = 0; j < k[1]; j++) {
          for (int ci = 0; ci < cin; ci++) {
            for (int co = 0; co < cout; co++) {
              kernel[((co * cin + ci) * k[0] + i) * k[1] + j] = w.values()[((i * k[1] + j) * cin + ci) * cout + co];
            }
          }
        }
      }
    }
    float[] bias = new float[cout]; // ONNX Conv's bias is optional, Opset13.CONV's is not: zeros without one
    String biasName = layer + "/zero_bias";
    if (c.path("use_bias").asBoolean(true)) {
      Weight b = use(used, "bias");
      expectShape(b, cout);
      bias = b.values();
      biasName = b.name();
    }
    Map<String, Object> attrs = new LinkedHashMap<>();
    attrs.put("kernel_shape", k);
    attrs.put("strides", s);
    attrs.put("dilations", d);
    attrs.put("group", group);
    Integer[] outShape = new Integer[] {x.shape()[0], null, null, cout};
    int[] effective = {(k[0] - 1) * d[0] + 1, (k[1] - 1) * d[1] + 1};
    samePads(padding, x, effective, s, attrs, outShape);
    ONNXNode y = ctx.operation(Opset13.CONV, List.of(x.ref(),
        tensor(w.name(), kernel, cout, depthwise ? 1 : cin, k[0], k[1]), tensor(biasName, bias, cout)),
        layer, attrs);
    return activation(c.path("activation").asText("linear"), new Value(y, outShape));
  }

  /**
   * Fills pads (or auto_pad) and the output's spatial sizes for padding {@code valid} or TensorFlow's
   * {@code same}: total padding {@code max((ceil(n / s) - 1) * s + k - n, 0)}, half of it (rounded down) before.
   */
  private void samePads(String padding, Value x, int[] k, int[] s, Map<String, Object> attrs, Integer[] outShape) {
    Integer h = x.shape()[1];
    Integer w = x.shape()[2];
    switch (padding) {
      case "valid" -> {
        attrs.put("pads", new int[] {0, 0, 0, 0});
        outShape[1] = h == null ? null : (h - k[0]) / s[0] + 1;
        outShape[2] = w == null ? null : (w - k[1]) / s[1] + 1;
        if ((outShape[1] != null && outShape[1] < 1) || (outShape[2] != null && outShape[2] < 1)) {
          throw error("window " + Arrays.toString(k) + " larger than the input " + h + "x" + w);
        }
      }
      case "same" -> {
        boolean known = (h != null && w != null) || (s[0] == 1 && s[1] == 1);
        if (!known) {
          attrs.put("auto_pad", "SAME_UPPER");
        } else {
          int th = total(h, k[0], s[0]);
          int tw = total(w, k[1], s[1]);
          attrs.put("pads", new int[] {th / 2, tw / 2, th - th / 2, tw - tw / 2});
        }
        outShape[1] = h == null ? null : ceilDiv(h, s[0]);
        outShape[2] = w == null ? null : ceilDiv(w, s[1]);
      }
      default -> throw error("padding '" + padding + "' (valid or same)");
    }
  }

  private static int total(Integer n, int k, int s) {
    if (s == 1) return k - 1;
    return Math.max((ceilDiv(n, s) - 1) * s + k - n, 0);
  }

  private Value batchNorm(JsonNode c, Value x, Set<String> used) {
    int axis = c.path("axis").asInt(-1);
    if (axis != -1 && axis != x.rank() - 1) throw error("axis " + axis + " (only the channel axis, -1)");
    Integer ch = x.channels();
    if (ch == null) throw error("unknown number of channels");
    float[] gamma = new float[ch];
    float[] beta = new float[ch];
    Arrays.fill(gamma, 1f);
    if (c.path("scale").asBoolean(true)) gamma = vector(use(used, "gamma"), ch);
    if (c.path("center").asBoolean(true)) beta = vector(use(used, "beta"), ch);
    float[] mean = vector(use(used, "moving_mean"), ch);
    float[] var = vector(use(used, "moving_variance"), ch);
    double eps = c.path("epsilon").asDouble(1e-3);
    ONNXNode y = ctx.operation(Opset13.BATCH_NORMALIZATION, List.of(x.ref(), tensor(layer + "/gamma", gamma, ch),
        tensor(layer + "/beta", beta, ch), tensor(layer + "/moving_mean", mean, ch),
        tensor(layer + "/moving_variance", var, ch)), layer, Map.of("epsilon", (float) eps));
    return new Value(y, x.shape());
  }

  private Value relu(JsonNode c, Value x) {
    double slope = c.path("negative_slope").asDouble(0);
    double threshold = c.path("threshold").asDouble(0);
    if (slope != 0 || threshold != 0) throw error("ReLU with negative_slope or threshold (only max_value)");
    JsonNode max = c.path("max_value");
    if (max.isNull() || max.isMissingNode()) return new Value(x.ref().apply(Opset13.RELU), x.shape());
    return clip(x, 0f, (float) max.asDouble());
  }

  private Value clip(Value x, float lo, float hi) {
    ONNXNode y = ctx.operation(Opset13.CLIP, List.of(x.ref(), scalar(lo), scalar(hi)), layer + "/clip");
    return new Value(y, x.shape());
  }

  private Value activation(String name, Value x) {
    return switch (name) {
      case "linear" -> x;
      case "relu" -> new Value(x.ref().apply(Opset13.RELU), x.shape());
      case "relu6" -> clip(x, 0f, 6f);
      case "sigmoid" -> new Value(x.ref().apply(Opset13.SIGMOID), x.shape());
      case "tanh" -> new Value(x.ref().apply(Opset13.TANH), x.shape());
      case "softmax" -> softmax(x, -1);
      default -> throw error("activation '" + name + "' (supported: linear, relu, relu6, sigmoid, tanh, softmax)");
    };
  }

  private Value softmax(Value x, int axis) {
    return new Value(x.ref().apply(Opset13.SOFTMAX, Map.of("axis", onnxAxis(axis, x.rank()))), x.shape());
  }

  private Value add(List<Value> in) {
    if (in.size() < 2) throw error("Add needs two or more inputs");
    Value first = in.get(0);
    ONNXRef<?> sum = first.ref();
    for (Value v : in.subList(1, in.size())) {
      if (v.rank() != first.rank()) throw error("Add of tensors of rank " + first.rank() + " and " + v.rank());
      sum = sum.apply(ONNXOperators.ADD, v.ref());
    }
    return new Value(sum, first.shape());
  }

  private Value concat(JsonNode c, List<Value> in) {
    if (in.size() < 2) throw error("Concatenate needs two or more inputs");
    int rank = in.get(0).rank();
    int axis = c.path("axis").asInt(-1);
    int keras = axis < 0 ? axis + rank : axis;
    Integer[] shape = in.get(0).shape().clone();
    Integer total = 0;
    for (Value v : in) {
      if (v.rank() != rank) throw error("Concatenate of tensors of different ranks");
      Integer n = v.shape()[keras];
      total = total == null || n == null ? null : total + n;
    }
    shape[keras] = total;
    List<ONNXRef<?>> refs = new ArrayList<>();
    for (Value v : in) refs.add(v.ref());
    ONNXNode y = ctx.operation(ONNXOperators.CONCAT, refs, layer, Map.of("axis", onnxAxis(axis, rank)));
    return new Value(y, shape);
  }

  private Value zeroPad(JsonNode c, Value x) {
    image(x);
    channelsLast(c);
    JsonNode p = c.path("padding");
    int top;
    int bottom;
    int left;
    int right;
    if (p.isInt()) {
      top = bottom = left = right = p.asInt();
    } else if (p.isArray() && p.size() == 2 && p.get(0).isInt()) {
      top = bottom = p.get(0).asInt();
      left = right = p.get(1).asInt();
    } else if (p.isArray() && p.size() == 2 && p.get(0).isArray()) {
      top = p.get(0).get(0).asInt();
      bottom = p.get(0).get(1).asInt();
      left = p.get(1).get(0).asInt();
      right = p.get(1).get(1).asInt();
    } else {
      throw error("padding " + p);
    }
    ONNXInitializer pads = ctx.array(layer + "/pads", new long[] {0, 0, top, left, 0, 0, bottom, right});
    ONNXNode y = ctx.operation(Opset13.PAD, List.of(x.ref(), pads), layer);
    Integer[] s = x.shape().clone();
    s[1] = s[1] == null ? null : s[1] + top + bottom;
    s[2] = s[2] == null ? null : s[2] + left + right;
    return new Value(y, s);
  }

  private Value pool(JsonNode c, Value x, boolean max) {
    image(x);
    channelsLast(c);
    int[] k = pair(c.path("pool_size"), "pool_size", new int[] {2, 2});
    int[] s = pair(c.path("strides"), "strides", k);
    Map<String, Object> attrs = new LinkedHashMap<>();
    attrs.put("kernel_shape", k);
    attrs.put("strides", s);
    Integer[] outShape = new Integer[] {x.shape()[0], null, null, x.channels()};
    samePads(c.path("padding").asText("valid"), x, k, s, attrs, outShape);
    if (!max) attrs.put("count_include_pad", 0); // TensorFlow averages over the pixels inside the image
    ONNXNode y = ctx.operation(max ? Opset13.MAX_POOL : Opset13.AVERAGE_POOL, List.of(x.ref()), layer, attrs);
    return new Value(y, outShape);
  }

  private Value globalPool(JsonNode c, Value x, boolean max) {
    image(x);
    channelsLast(c);
    ONNXNode y = x.ref().apply(max ? Opset13.GLOBAL_MAX_POOL : Opset13.GLOBAL_AVERAGE_POOL);
    if (c.path("keepdims").asBoolean(false)) return new Value(y, new Integer[] {x.shape()[0], 1, 1, x.channels()});
    return new Value(y.apply(Opset13.FLATTEN, Map.of("axis", 1)), new Integer[] {x.shape()[0], x.channels()});
  }

  private Value flatten(Value x) {
    if (x.rank() == 2) return x;
    image(x);
    ONNXNode nhwc = x.ref().apply(Opset13.TRANSPOSE, Map.of("perm", new int[] {0, 2, 3, 1}));
    Integer[] s = x.shape();
    Integer n = s[1] == null || s[2] == null || s[3] == null ? null : s[1] * s[2] * s[3];
    return new Value(nhwc.apply(Opset13.FLATTEN, Map.of("axis", 1)), new Integer[] {s[0], n});
  }

  private Value dense(JsonNode c, Value x, Set<String> used) {
    if (x.rank() != 2) throw error("Dense on a tensor of rank " + x.rank() + " (only [batch, features])");
    int units = c.path("units").asInt();
    Weight k = use(used, "kernel");
    if (k.shape().length != 2 || k.shape()[1] != units || (x.channels() != null && k.shape()[0] != x.channels())) {
      throw error("kernel shape " + Arrays.toString(k.shape()) + " for " + x.channels() + " inputs and " + units
          + " units");
    }
    List<ONNXRef<?>> inputs = new ArrayList<>(List.of(x.ref(), tensor(k.name(), k.values(), k.shape()[0], units)));
    float[] bias = new float[units];
    if (c.path("use_bias").asBoolean(true)) bias = vector(use(used, "bias"), units);
    inputs.add(tensor(layer + (c.path("use_bias").asBoolean(true) ? "/bias" : "/zero_bias"), bias, units));
    ONNXNode y = ctx.operation(ONNXOperators.GEMM, inputs, layer, Map.of());
    return activation(c.path("activation").asText("linear"), new Value(y, new Integer[] {x.shape()[0], units}));
  }

  // ---- helpers ----

  private List<Value> inbound(JsonNode l) {
    JsonNode nodes = l.path("inbound_nodes");
    if (!nodes.isArray() || nodes.size() != 1) {
      throw error(nodes.size() + " inbound nodes (each layer must be applied exactly once)");
    }
    List<Value> in = new ArrayList<>();
    for (JsonNode t : nodes.get(0)) {
      JsonNode ref = t.isArray() ? t : t.path("args"); // Keras 2: [name, node, tensor, kwargs]
      String name = ref.get(0).asText();
      if (ref.get(1).asInt() != 0 || ref.get(2).asInt() != 0) throw error("input " + ref + " (only node 0, tensor 0)");
      Value v = values.get(name);
      if (v == null) throw error("input layer " + name + " comes later or was not converted");
      in.add(v);
    }
    return in;
  }

  private Value one(List<Value> in) {
    if (in.size() != 1) throw error(in.size() + " inputs (expected one)");
    return in.get(0);
  }

  private void image(Value x) {
    if (x.rank() != 4) throw error("needs an image tensor [batch, h, w, c], got rank " + x.rank());
  }

  private void channelsLast(JsonNode c) {
    String f = c.path("data_format").asText("channels_last");
    if (!f.equals("channels_last")) throw error("data_format " + f + " (only channels_last)");
  }

  private Weight use(Set<String> used, String variable) {
    String name = layer + "/" + variable;
    Weight w = model.weights().get(name);
    if (w == null) throw error("no weight " + name + " in the weights manifest");
    used.add(name);
    return w;
  }

  private void expectShape(Weight w, int... shape) {
    if (!Arrays.equals(w.shape(), shape)) {
      throw error(w.name() + " has shape " + Arrays.toString(w.shape()) + ", expected " + Arrays.toString(shape));
    }
  }

  private float[] vector(Weight w, int n) {
    expectShape(w, n);
    return w.values();
  }

  private ONNXInitializer tensor(String name, float[] values, int... dims) {
    List<Integer> d = new ArrayList<>();
    for (int x : dims) d.add(x);
    ONNXInitializer t = ctx.floatTensor(name, d, buf -> buf.put(values));
    initializerNames.put(t.getReference(), name);
    return t;
  }

  private ONNXInitializer scalar(float v) {
    return ctx.constant("const_" + constants++, v);
  }

  private int onnxAxis(int axis, int rank) {
    int keras = axis < 0 ? axis + rank : axis;
    if (keras < 1 || keras >= rank) throw error("axis " + axis + " of a rank-" + rank + " tensor");
    if (rank != 4) return keras;
    return switch (keras) { // NHWC axis -> NCHW axis
      case 1 -> 2;
      case 2 -> 3;
      default -> 1;
    };
  }

  private int[] pair(JsonNode n, String field, int[] fallback) {
    if (n.isMissingNode() || n.isNull()) {
      if (fallback == null) throw error("no " + field);
      return fallback.clone();
    }
    if (n.isInt()) return new int[] {n.asInt(), n.asInt()};
    if (n.isArray() && n.size() == 2) return new int[] {n.get(0).asInt(), n.get(1).asInt()};
    throw error(field + " " + n + " (expected two sizes)");
  }

  private static Integer[] shapeOf(JsonNode n) {
    Integer[] s = new Integer[n.size()];
    for (int i = 0; i < s.length; i++) s[i] = n.get(i).isNull() ? null : n.get(i).asInt();
    return s;
  }

  /** ONNX dimensions for a shape: unknown sizes get names (batch, height, width, ...). */
  private static Object[] dims(Integer[] shape, String layout) {
    String[] names = switch (layout) {
      case "nhwc" -> new String[] {"batch", "height", "width", "channels"};
      case "nchw" -> new String[] {"batch", "channels", "height", "width"};
      default -> new String[] {"batch", "features"};
    };
    Object[] d = new Object[shape.length];
    for (int i = 0; i < shape.length; i++) d[i] = shape[i] == null ? names[Math.min(i, names.length - 1)] : shape[i];
    return d;
  }

  private static String single(JsonNode list, String field) {
    if (!list.isArray() || list.size() != 1) {
      throw new IllegalArgumentException("model config: " + field + " must name exactly one layer, got " + list);
    }
    return list.get(0).get(0).asText();
  }

  private static int ceilDiv(int a, int b) {
    return (a + b - 1) / b;
  }

  private IllegalArgumentException error(String message) {
    return new IllegalArgumentException("layer " + layer + ": " + message);
  }
}
