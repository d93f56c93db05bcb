package dev.align4j.rewards.tfjs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.align4j.rewards.onnx.OnnxSession;
import dev.align4j.rewards.onnx.SessionConfig;
import dev.align4j.rewards.onnx.Tensor;
import dev.align4j.rewards.onnx.Tensor.FloatTensor;
import dev.align4j.rewards.tfjs.KerasToOnnx.Layout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The converter on hand-written tiny Keras models (src/test/resources/tfjs/tiny): the ONNX graph, run by ONNX
 * Runtime, against the expected maths ({@link KerasReference}, double precision) and against TensorFlow.js 4.22's
 * own outputs for the same weights and inputs (tfjs-reference.json, written by tools/nsfwjs-parity).
 */
class KerasToOnnxTest {
  static final double TOLERANCE = 1e-5;

  static java.util.List<String> tinyModels() {
    return TinyModels.names();
  }

  @Test
  void everyTinyModelHasATensorFlowJsReference() {
    assertEquals(TinyModels.names(), iterable(TinyModels.reference().path("tiny").fieldNames()));
    assertEquals(3, TinyModels.names().size());
  }

  @ParameterizedTest
  @MethodSource("tinyModels")
  void matchesTheExpectedMathsAndTensorFlowJs(String name, @TempDir Path dir) throws IOException {
    TfjsLayersModel model = TinyModels.model(name);
    int[] shape = TinyModels.inputShape(name, 2);
    float[] x = TinyModels.synthetic(TinyModels.size(shape));
    KerasReference.T expected = new KerasReference(model).run(x, shape);
    JsonNode tfjs = TinyModels.reference().path("tiny").path(name);
    int[] tfjsShape = new int[tfjs.path("shape").size()];
    for (int i = 0; i < tfjsShape.length; i++) tfjsShape[i] = tfjs.path("shape").get(i).asInt();
    assertArrayEquals(expected.shape(), tfjsShape, name + ": output shape");

    for (Layout layout : Layout.values()) {
      float[] y = run(model, layout, x, shape, dir.resolve(name + "-" + layout + ".onnx"), expected.shape());
      double worstMaths = 0;
      double worstTfjs = 0;
      double worstTfjsVsMaths = 0;
      for (int i = 0; i < y.length; i++) {
        worstMaths = Math.max(worstMaths, Math.abs(y[i] - expected.v()[i]));
        worstTfjs = Math.max(worstTfjs, Math.abs(y[i] - tfjs.path("output").get(i).asDouble()));
        worstTfjsVsMaths = Math.max(worstTfjsVsMaths, Math.abs(tfjs.path("output").get(i).asDouble()
            - expected.v()[i]));
      }
      String what = name + " (" + layout + " input): ";
      assertTrue(worstMaths < TOLERANCE, what + "ONNX vs expected maths " + worstMaths);
      assertTrue(worstTfjs < TOLERANCE, what + "ONNX vs TensorFlow.js " + worstTfjs);
      assertTrue(worstTfjsVsMaths < TOLERANCE, what + "TensorFlow.js vs expected maths " + worstTfjsVsMaths);
    }
  }

  /** Runs the converted graph on {@code x} (NHWC values, fed in the graph's layout). */
  static float[] run(TfjsLayersModel model, Layout layout, float[] x, int[] shape, Path file, int[] outShape)
      throws IOException {
    OnnxMl.ModelProto proto = KerasToOnnx.convert(model, new KerasToOnnx.Options("tiny", "x", layout, "y", Map.of()));
    Files.write(file, proto.toByteArray());
    long[] dims = Arrays.stream(shape).asLongStream().toArray();
    float[] fed = x;
    if (layout == Layout.NCHW) {
      fed = TinyModels.toNchw(x, shape[0], shape[1], shape[2], shape[3]);
      dims = new long[] {shape[0], shape[3], shape[1], shape[2]};
    }
    try (OnnxSession s = OnnxSession.open(file, SessionConfig.cpu())) {
      FloatTensor y = s.run(Map.of("x", Tensor.of(fed, dims)), Set.of("y")).get("y");
      assertArrayEquals(Arrays.stream(outShape).asLongStream().toArray(), y.shape(), "output shape (NHWC kept)");
      return y.data();
    }
  }

  @Test
  void graphDeclaresItsInputsOutputsAndProvenance() {
    TfjsLayersModel model = TinyModels.model("mobile_block");
    Map<String, String> given = new java.util.LinkedHashMap<>();
    for (String key : List.of("z", "align4j.source", "a", "m")) given.put(key, "tiny");
    OnnxMl.ModelProto nhwc = KerasToOnnx.convert(model, new KerasToOnnx.Options("g", null, Layout.NHWC, null, given));
    assertEquals("input_1", nhwc.getGraph().getInput(0).getName());
    assertEquals("dense_2", nhwc.getGraph().getOutput(0).getName());
    assertEquals("[batch, 9, 9, 3]", dims(nhwc.getGraph().getInput(0)));
    assertEquals("[batch, 3]", dims(nhwc.getGraph().getOutput(0)));
    OnnxMl.ModelProto nchw = KerasToOnnx.convert(model, new KerasToOnnx.Options("g", "px", Layout.NCHW, "p", Map.of()));
    assertEquals("[batch, 3, 9, 9]", dims(nchw.getGraph().getInput(0)));
    assertEquals(nhwc.getGraph().getNodeCount() - 1, nchw.getGraph().getNodeCount(), "NCHW input: no transpose");
    assertEquals(13, nhwc.getOpsetImport(0).getVersion());
    Map<String, String> meta = new java.util.LinkedHashMap<>();
    nhwc.getMetadataPropsList().forEach(p -> meta.put(p.getKey(), p.getValue()));
    assertEquals(List.of(KerasToOnnx.CONVERTER_KEY, "z", "align4j.source", "a", "m"), List.copyOf(meta.keySet()),
        "metadata in the given order: the same conversion gives the same bytes");
    assertEquals(KerasToOnnx.CONVERTER, meta.get(KerasToOnnx.CONVERTER_KEY));
    assertEquals("tiny", meta.get("align4j.source"));
    assertArrayEquals(nhwc.toByteArray(), KerasToOnnx.convert(model, new KerasToOnnx.Options("g", null, Layout.NHWC,
        null, given)).toByteArray());
    assertTrue(nhwc.getGraph().getInitializerList().stream().anyMatch(t -> t.getName().equals("dw/depthwise_kernel")),
        "initializers keep the Keras weight names");
  }

  @Test
  void unsupportedLayersAndLeftoverWeightsAreNamed() {
    JsonNode json = TinyModels.json("feature_map");
    ObjectNode conv = (ObjectNode) json.path("modelTopology").path("model_config").path("config").path("layers").get(2);
    conv.put("class_name", "SeparableConv2D");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> KerasToOnnx.convert(
        TfjsLayersModel.read(json, p -> TinyModels.weightBytes(json.path("weightsManifest").get(0).path("weights"))),
        KerasToOnnx.Options.defaults("g")));
    assertTrue(e.getMessage().startsWith("layer conv: unsupported layer class SeparableConv2D (supported: InputLayer"),
        e.getMessage());

    JsonNode activation = TinyModels.json("feature_map");
    ((ObjectNode) activation.path("modelTopology").path("model_config").path("config").path("layers").get(2)
        .path("config")).put("activation", "elu");
    e = assertThrows(IllegalArgumentException.class, () -> KerasToOnnx.convert(read(activation),
        KerasToOnnx.Options.defaults("g")));
    assertEquals("layer conv: activation 'elu' (supported: linear, relu, relu6, sigmoid, tanh, softmax)",
        e.getMessage());

    JsonNode extra = TinyModels.json("feature_map");
    ((ArrayNode) extra.path("weightsManifest").get(0).path("weights")).addObject().put("name", "stray/kernel")
        .put("dtype", "float32").putArray("shape").add(2);
    e = assertThrows(IllegalArgumentException.class, () -> KerasToOnnx.convert(read(extra),
        KerasToOnnx.Options.defaults("g")));
    assertEquals("weights no layer used: [stray/kernel]", e.getMessage());
  }

  private static TfjsLayersModel read(JsonNode json) {
    byte[] bytes = TinyModels.weightBytes(json.path("weightsManifest").get(0).path("weights"));
    return TfjsLayersModel.read(json, p -> bytes);
  }

  private static String dims(OnnxMl.ValueInfoProto v) {
    return v.getType().getTensorType().getShape().getDimList().stream()
        .map(d -> d.hasDimParam() ? d.getDimParam() : String.valueOf(d.getDimValue())).toList().toString();
  }

  private static java.util.List<String> iterable(java.util.Iterator<String> it) {
    java.util.List<String> out = new java.util.ArrayList<>();
    it.forEachRemaining(out::add);
    return out;
  }
}
