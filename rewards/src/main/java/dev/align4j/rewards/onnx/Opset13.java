package dev.align4j.rewards.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto.AttributeType;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.tribuo.util.onnx.ONNXAttribute;
import org.tribuo.util.onnx.ONNXOperator;

/**
 * Opset-13 operators that Tribuo 4.3.2's {@code ONNXOperators} lacks (or declares for an older opset), for
 * every graph align4j writes from Java: the two-tower reward models, the text reward model and the test
 * fixtures. Every node of those graphs belongs to opset {@value #VERSION}.
 */
public enum Opset13 implements ONNXOperator {
  CONV("Conv", 3, Map.of("kernel_shape", attr("kernel_shape", AttributeType.INTS, true),
      "pads", attr("pads", AttributeType.INTS, false), "strides", attr("strides", AttributeType.INTS, false))),
  MAX_POOL("MaxPool", 1, Map.of("kernel_shape", attr("kernel_shape", AttributeType.INTS, true),
      "strides", attr("strides", AttributeType.INTS, false))),
  AVERAGE_POOL("AveragePool", 1, Map.of("kernel_shape", attr("kernel_shape", AttributeType.INTS, true),
      "strides", attr("strides", AttributeType.INTS, false))),
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
