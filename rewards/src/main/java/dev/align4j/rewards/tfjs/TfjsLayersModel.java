package dev.align4j.rewards.tfjs;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.common.collect.ImmutableMap;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * A TensorFlow.js layers model in memory: the Keras model config (the {@code model_config} of
 * {@code model.json}'s {@code modelTopology}) and every weight by name, as float32 values in the manifest's
 * shape. Quantised weights are dequantised as TensorFlow.js's {@code io.decodeWeights} does: {@code uint8} and
 * {@code uint16} values {@code q} become {@code float32(q * scale + min)} (the product and sum in double),
 * {@code float16} values are widened.
 *
 * @param config the Keras model config ({@code class_name} Model or Functional, its {@code config} holding
 *     {@code layers}, {@code input_layers}, {@code output_layers})
 * @param weights weight name ({@code <layer>/<variable>}, e.g. {@code Conv1/kernel}) to weight, in manifest order
 */
public record TfjsLayersModel(JsonNode config, Map<String, Weight> weights) {
  /** One weight tensor: its manifest name and shape, and its float32 values in row-major order. */
  public record Weight(String name, int[] shape, float[] values) {
    public Weight {
      shape = shape.clone();
      if (values.length != size(shape)) {
        throw new IllegalArgumentException(name + ": " + values.length + " values for shape " + Arrays.toString(shape));
      }
    }

    @Override
    public int[] shape() {
      return shape.clone();
    }
  }

  public TfjsLayersModel {
    weights = ImmutableMap.copyOf(weights);
  }

  /**
   * Reads a {@code model.json} tree ({@code modelTopology} and {@code weightsManifest}) and its weight files.
   *
   * @param modelJson the parsed {@code model.json}
   * @param files the bytes of each path named in {@code weightsManifest[].paths}
   * @throws IllegalArgumentException on a weight the bytes do not cover, a dtype or quantisation TensorFlow.js
   *     would not load as float32, or bytes left over in a group
   */
  public static TfjsLayersModel read(JsonNode modelJson, Function<String, byte[]> files) {
    JsonNode topology = modelJson.path("modelTopology");
    if (!topology.isObject()) throw new IllegalArgumentException("model.json: no modelTopology object");
    JsonNode config = topology.has("model_config") ? topology.get("model_config") : topology;
    if (!config.path("config").path("layers").isArray()) {
      throw new IllegalArgumentException("model.json: modelTopology holds no Keras model config (config.layers)");
    }
    Map<String, Weight> weights = new LinkedHashMap<>();
    for (JsonNode group : modelJson.path("weightsManifest")) {
      ByteArrayOutputStream concat = new ByteArrayOutputStream();
      for (JsonNode path : group.path("paths")) {
        byte[] b = files.apply(path.asText());
        if (b == null) throw new IllegalArgumentException("model.json: no bytes for weights file " + path.asText());
        concat.writeBytes(b);
      }
      ByteBuffer buf = ByteBuffer.wrap(concat.toByteArray()).order(ByteOrder.LITTLE_ENDIAN);
      for (JsonNode spec : group.path("weights")) {
        Weight w = decode(spec, buf);
        if (weights.put(w.name(), w) != null) throw new IllegalArgumentException("weight " + w.name() + " twice");
      }
      if (buf.hasRemaining()) {
        throw new IllegalArgumentException("model.json: " + buf.remaining() + " bytes left over after the weights of "
            + group.path("paths"));
      }
    }
    return new TfjsLayersModel(config, weights);
  }

  private static Weight decode(JsonNode spec, ByteBuffer buf) {
    String name = spec.path("name").asText();
    int[] shape = new int[spec.path("shape").size()];
    for (int i = 0; i < shape.length; i++) shape[i] = spec.path("shape").get(i).asInt();
    String dtype = spec.path("dtype").asText("float32");
    if (!dtype.equals("float32")) throw new IllegalArgumentException(name + ": dtype " + dtype + " (only float32)");
    int n = size(shape);
    float[] v = new float[n];
    JsonNode q = spec.path("quantization");
    String qtype = q.isObject() ? q.path("dtype").asText() : "none";
    int bytes = switch (qtype) {
      case "none" -> 4;
      case "uint8" -> 1;
      case "uint16", "float16" -> 2;
      default -> throw new IllegalArgumentException(name + ": quantization dtype " + qtype);
    };
    if (buf.remaining() < (long) n * bytes) {
      throw new IllegalArgumentException(name + ": needs " + (long) n * bytes + " bytes, " + buf.remaining() + " left");
    }
    switch (qtype) {
      case "none" -> buf.asFloatBuffer().get(v);
      case "uint8", "uint16" -> {
        if (!q.has("scale") || !q.has("min")) {
          throw new IllegalArgumentException(name + ": quantization without scale and min");
        }
        double scale = q.get("scale").asDouble();
        double min = q.get("min").asDouble();
        for (int i = 0; i < n; i++) {
          int raw = qtype.equals("uint8") ? buf.get(buf.position() + i) & 0xff
              : buf.getShort(buf.position() + 2 * i) & 0xffff;
          v[i] = (float) (raw * scale + min);
        }
      }
      case "float16" -> {
        for (int i = 0; i < n; i++) v[i] = halfToFloat(buf.getShort(buf.position() + 2 * i));
      }
      default -> throw new AssertionError(qtype);
    }
    buf.position(buf.position() + n * bytes);
    return new Weight(name, shape, v);
  }

  /** The weight {@code name}, or an error naming the layer that needs it. */
  public Weight weight(String name) {
    Weight w = weights.get(name);
    if (w == null) throw new IllegalArgumentException("no weight " + name + " in the weights manifest");
    return w;
  }

  /** The model's layers, in the order the config lists them. */
  public JsonNode layers() {
    return config.path("config").path("layers");
  }

  /** IEEE 754 binary16 to float32 (exact). */
  static float halfToFloat(short h) {
    int sign = (h & 0x8000) << 16;
    int exp = (h >>> 10) & 0x1f;
    int mant = h & 0x3ff;
    if (exp == 0x1f) return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13)); // inf, NaN
    if (exp == 0) { // zero, subnormal: mant * 2^-24
      float v = mant * 0x1p-24f;
      return sign == 0 ? v : -v;
    }
    return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
  }

  static int size(int[] shape) {
    long n = 1;
    for (int d : shape) n *= d;
    return Math.toIntExact(n);
  }
}
