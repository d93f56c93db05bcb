package dev.align4j.rewards.onnx;

import ai.onnx.proto.OnnxMl;
import ai.onnx.proto.OnnxMl.TensorProto.DataType;

/**
 * The pieces every ONNX graph written from Java shares: typed graph inputs and outputs (Tribuo's context
 * knows no symbolic dimensions) and the model wrapper (IR 8, opset {@value Opset13#VERSION}).
 */
public final class OnnxGraphs {
  private OnnxGraphs() {}

  /** A graph input or output: name, element type, dimensions (a {@code String} for a symbolic one). */
  public static OnnxMl.ValueInfoProto valueInfo(String name, DataType type, Object... dims) {
    OnnxMl.TensorShapeProto.Builder shape = OnnxMl.TensorShapeProto.newBuilder();
    for (Object d : dims) {
      OnnxMl.TensorShapeProto.Dimension.Builder dim = OnnxMl.TensorShapeProto.Dimension.newBuilder();
      if (d instanceof String s) dim.setDimParam(s);
      else dim.setDimValue(((Number) d).longValue());
      shape.addDim(dim);
    }
    OnnxMl.TypeProto.Tensor.Builder t =
        OnnxMl.TypeProto.Tensor.newBuilder().setElemType(type.getNumber()).setShape(shape);
    return OnnxMl.ValueInfoProto.newBuilder().setName(name)
        .setType(OnnxMl.TypeProto.newBuilder().setTensorType(t)).build();
  }

  /** {@code graph} as a model (IR 8, opset {@value Opset13#VERSION}) from {@code producer}, open for metadata. */
  public static OnnxMl.ModelProto.Builder model(String producer, OnnxMl.GraphProto.Builder graph) {
    return OnnxMl.ModelProto.newBuilder()
        .setIrVersion(8)
        .setProducerName(producer)
        .setProducerVersion("1")
        .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(Opset13.VERSION))
        .setGraph(graph);
  }
}
