package dev.align4j.rewards.train;

import ai.onnx.proto.OnnxMl.AttributeProto.AttributeType;
import com.google.common.collect.ImmutableMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.tribuo.util.onnx.ONNXAttribute;
import org.tribuo.util.onnx.ONNXOperator;

/**
 * Opset-13 operators the two-tower export needs that Tribuo's {@code ONNXOperators} lacks (Tribuo 4.3.2 has
 * Gemm, Gather, Add, Mul, Div, ReduceSum, Unsqueeze, Cast, but no convolution, pooling, ReLU, Flatten or Sqrt).
 */
enum OnnxOps implements ONNXOperator {
  CONV("Conv", 3, ImmutableMap.of(
      "kernel_shape", new ONNXAttribute("kernel_shape", AttributeType.INTS, true),
      "pads", new ONNXAttribute("pads", AttributeType.INTS, false),
      "strides", new ONNXAttribute("strides", AttributeType.INTS, false))),
  MAX_POOL("MaxPool", 1, ImmutableMap.of(
      "kernel_shape", new ONNXAttribute("kernel_shape", AttributeType.INTS, true),
      "strides", new ONNXAttribute("strides", AttributeType.INTS, false))),
  FLATTEN("Flatten", 1, ImmutableMap.of("axis", new ONNXAttribute("axis", AttributeType.INT, false))),
  RELU("Relu", 1, ImmutableMap.of()),
  SQRT("Sqrt", 1, ImmutableMap.of());

  /** The opset every node of the export belongs to. */
  static final int OPSET = 13;

  private final String name;
  private final int inputs;
  private final Map<String, ONNXAttribute> attributes;

  OnnxOps(String name, int inputs, Map<String, ONNXAttribute> attributes) {
    this.name = name;
    this.inputs = inputs;
    this.attributes = attributes;
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
    return OPSET;
  }

  @Override
  public String getOpDomain() {
    return null;
  }
}
