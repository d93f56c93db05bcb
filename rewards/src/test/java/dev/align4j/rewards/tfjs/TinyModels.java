package dev.align4j.rewards.tfjs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The hand-written tiny Keras models under {@code src/test/resources/tfjs/tiny}, their weight bytes and the
 * synthetic input. tools/nsfwjs-parity/reference.mjs makes the same bytes and inputs for TensorFlow.js.
 */
final class TinyModels {
  static final Path DIR = Path.of("src/test/resources/tfjs/tiny");
  static final Path REFERENCE = Path.of("src/test/resources/tfjs/tfjs-reference.json");
  static final ObjectMapper JSON = new ObjectMapper();

  private TinyModels() {}

  static List<String> names() {
    try (var files = Files.list(DIR)) {
      return files.map(f -> f.getFileName().toString()).filter(f -> f.endsWith(".json"))
          .map(f -> f.substring(0, f.length() - ".json".length())).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JsonNode json(String name) {
    try {
      return JSON.readTree(DIR.resolve(name + ".json").toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The model with weights from {@link #weightBytes}. */
  static TfjsLayersModel model(String name) {
    JsonNode json = json(name);
    byte[] bytes = weightBytes(json.path("weightsManifest").get(0).path("weights"));
    return TfjsLayersModel.read(json, path -> path.equals("weights.bin") ? bytes : null);
  }

  /**
   * Element k of weight j is q = (37 k + 11 j + 5) mod 251: stored as that byte for uint8-quantised weights,
   * as the float32 q / 250 - 0.5 otherwise.
   */
  static byte[] weightBytes(JsonNode specs) {
    List<byte[]> chunks = new ArrayList<>();
    int total = 0;
    for (int j = 0; j < specs.size(); j++) {
      JsonNode spec = specs.get(j);
      int n = 1;
      for (JsonNode d : spec.path("shape")) n *= d.asInt();
      boolean quantised = spec.has("quantization");
      ByteBuffer b = ByteBuffer.allocate(quantised ? n : 4 * n).order(ByteOrder.LITTLE_ENDIAN);
      for (int k = 0; k < n; k++) {
        int q = (37 * k + 11 * j + 5) % 251;
        if (quantised) b.put((byte) q);
        else b.putFloat((float) (q / 250.0 - 0.5));
      }
      chunks.add(b.array());
      total += b.capacity();
    }
    ByteBuffer all = ByteBuffer.allocate(total);
    chunks.forEach(all::put);
    return all.array();
  }

  /** The model's input shape with batch {@code batch}: {@code [batch, h, w, c]}. */
  static int[] inputShape(String name, int batch) {
    JsonNode s = json(name).path("modelTopology").path("model_config").path("config").path("layers").get(0)
        .path("config").path("batch_input_shape");
    int[] shape = new int[s.size()];
    shape[0] = batch;
    for (int i = 1; i < shape.length; i++) shape[i] = s.get(i).asInt();
    return shape;
  }

  /** x[i] = (i * 7919 mod 1000) / 1000 over {@code n} values, as float32. */
  static float[] synthetic(int n) {
    float[] x = new float[n];
    for (int i = 0; i < n; i++) x[i] = (float) ((i * 7919L % 1000) / 1000.0);
    return x;
  }

  static int size(int... shape) {
    int n = 1;
    for (int d : shape) n *= d;
    return n;
  }

  /** NHWC to NCHW. */
  static float[] toNchw(float[] x, int n, int h, int w, int c) {
    float[] o = new float[x.length];
    for (int b = 0; b < n; b++) {
      for (int i = 0; i < h; i++) {
        for (int j = 0; j < w; j++) {
          for (int k = 0; k < c; k++) o[((b * c + k) * h + i) * w + j] = x[((b * h + i) * w + j) * c + k];
        }
      }
    }
    return o;
  }

  static JsonNode reference() {
    try {
      return JSON.readTree(REFERENCE.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
