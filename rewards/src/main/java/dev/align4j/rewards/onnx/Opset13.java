package dev.align4j.rewards.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto.AttributeType;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.tribuo.util.onnx.ONNXAttribute;
import org.tribuo.util.onnx.ONNXOperator;

/**
 * Opset-13 operators that Tribuo 4.3.2's {@code ONNXOperators} lacks (or declares for an older opset), for
 * every graph align4j writes from Java: the two-tower reward models, the text reward model, the test
 * fixtures and the TensorFlow.js layers models converted by {@code dev.align4j.rewards.tfjs.KerasToOnnx}.
 * Every node of those graphs belongs to opset {@value #VERSION}.
 */
public enum Opset13 implements ONNXOperator {
  CONV("Conv", 3, Map.of("kernel_shape", attr("kernel_shape", AttributeType.INTS, true),
      "pads", attr("pads", AttributeType.INTS, false), "strides", attr("strides", AttributeType.INTS, false),
      "dilations", attr("dilations", AttributeType.INTS, false), "group", attr("group", AttributeType.INT, false),
      "auto_pad", attr("auto_pad", AttributeType.STRING, false))),
  MAX_POOL("MaxPool", 1, Map.of("kernel_shape", attr("kernel_shape", AttributeType.INTS, true),
      "strides", attr("strides", AttributeType.INTS, false), "pads", attr("pads", AttributeType.INTS, false),
      "auto_pad", attr("auto_pad", AttributeType.STRING, false))),
  AVERAGE_POOL("AveragePool", 1, Map.of("kernel_shape", attr("kernel_shape", AttributeType.INTS, true),
      "strides", attr("strides", AttributeType.INTS, false), "pads", attr("pads", AttributeType.INTS, false),
      "auto_pad", attr("auto_pad", AttributeType.STRING, false),
      "count_include_pad", attr("count_include_pad", AttributeType.INT, false))),
  GLOBAL_AVERAGE_POOL("GlobalAveragePool", 1, Map.of()),
  GLOBAL_MAX_POOL("GlobalMaxPool", 1, Map.of()),
  /** Inference-mode batch normalisation: X, scale, B, mean, var. */
  BATCH_NORMALIZATION("BatchNormalization", 5, Map.of("epsilon", attr("epsilon", AttributeType.FLOAT, false),
      "momentum", attr("momentum", AttributeType.FLOAT, false))),
  /** Input, min, max (opset 11 on: the bounds are inputs). */
  CLIP("Clip", 3, Map.of()),
  /** Data and int64 pads (opset 11 on: the pads are an input); constant zero padding by default. */
  PAD("Pad", 2, Map.of("mode", attr("mode", AttributeType.STRING, false))),
  SIGMOID("Sigmoid", 1, Map.of()),
  FLATTEN("Flatten", 1, Map.of("axis", attr("axis", AttributeType.INT, false))),
  TRANSPOSE("Transpose", 1, Map.of("perm", attr("perm", AttributeType.INTS, false))),
  SOFTMAX("Softmax", 1, Map.of("axis", attr("axis", AttributeType.INT, false))),
  MAT_MUL("MatMul", 2, Map.of()),
  RESHAPE("Reshape", 2, Map.of()),
  RELU("Relu", 1, Map.of()),
  TANH("Tanh", 1, Map.of()),
  SQRT("Sqrt", 1, Map.of()),
  ERF("Erf", 1, Map.of()),
  CUM_SUM("CumSum", 2, Map.of()),
  MAX("Max", 2, Map.of()),
  EQUAL("Equal", 2, Map.of()),
  AND("And", 2, Map.of()),
  RANGE("Range", 3, Map.of()),
  SHAPE("Shape", 1, Map.of());

  /** The opset version of every node (and of the model's opset import). */
  public static final int VERSION = 13;

  private final String name;
  private final int inputs;
  private final Map<String, ONNXAttribute> attributes;

  Opset13(String name, int inputs, Map<String, ONNXAttribute> attributes) {
    this.name = name;
    this.inputs = inputs;
    this.attributes = attributes;
  }

  private static ONNXAttribute attr(String name, AttributeType type, boolean mandatory) {
    return new ONNXAttribute(name, type, mandatory);
  }

  @Override
  public String getOpName() {
    return name;
  }

  @Override
  public int getNumInputs() {
    return inputs;
  }

  @Override
  public int getNumOptionalInputs() {
    return 0;
  }

  @Override
  public int getNumOutputs() {
    return 1;
  }

  @Override
  public Map<String, ONNXAttribute> getAttributes() {
    return attributes;
  }

  @Override
  public Set<String> getMandatoryAttributeNames() {
    return attributes.values().stream().filter(ONNXAttribute::isMandatory).map(ONNXAttribute::getName)
        .collect(Collectors.toSet());
  }

  @Override
  public int getOpVersion() {
    return VERSION;
  }

  @Override
  public String getOpDomain() {
    return null;
  }
}
