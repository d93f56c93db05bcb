package dev.align4j.rewards.onnx;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.TensorInfo;
import ai.onnxruntime.platform.Fp16Conversions;
import dev.align4j.rewards.onnx.Tensor.FloatTensor;
import dev.align4j.rewards.onnx.Tensor.LongTensor;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Heap tensors to and from ONNX Runtime's, converting element types; slicing and joining batches. */
final class TensorConversions {
  private TensorConversions() {}

  /** {@code t} as the type the graph declares for input {@code name} (the caller closes the result). */
  static OnnxTensor toOnnx(OrtEnvironment env, TensorInfo info, Tensor t, Path file, String name) throws OrtException {
    long[] shape = t.shape();
    if (t instanceof FloatTensor f) {
      FloatBuffer data = FloatBuffer.wrap(f.data());
      switch (info.type) {
        case FLOAT:
          return OnnxTensor.createTensor(env, data, shape);
        case FLOAT16:
          return OnnxTensor.createTensor(env, Fp16Conversions.convertFloatBufferToFp16Buffer(data), shape,
              OnnxJavaType.FLOAT16);
        case BFLOAT16:
          return OnnxTensor.createTensor(env, Fp16Conversions.convertFloatBufferToBf16Buffer(data), shape,
              OnnxJavaType.BFLOAT16);
        case DOUBLE: {
          double[] d = new double[f.data().length];
          for (int i = 0; i < d.length; i++) d[i] = f.data()[i];
          return OnnxTensor.createTensor(env, DoubleBuffer.wrap(d), shape);
        }
        default:
          break;
      }
    } else if (t instanceof LongTensor l) {
      switch (info.type) {
        case INT64:
          return OnnxTensor.createTensor(env, LongBuffer.wrap(l.data()), shape);
        case INT32: {
          int[] d = new int[l.data().length];
          for (int i = 0; i < d.length; i++) d[i] = Math.toIntExact(l.data()[i]);
          return OnnxTensor.createTensor(env, IntBuffer.wrap(d), shape);
        }
        default:
          break;
      }
    }
    throw new IllegalArgumentException(file + ": input " + name + " is " + info.type + ", cannot feed it a "
        + t.getClass().getSimpleName());
  }

  /** A float-convertible output (FLOAT, FLOAT16, BFLOAT16, DOUBLE) as a float tensor. */
  static FloatTensor toFloat(OnnxTensor v, Path file, String name) {
    TensorInfo info = v.getInfo();
    float[] data;
    switch (info.type) {
      case FLOAT, FLOAT16, BFLOAT16: { // getFloatBuffer widens fp16 and bf16
        FloatBuffer b = v.getFloatBuffer();
        data = new float[b.remaining()];
        b.get(data);
        break;
      }
      case DOUBLE: {
        DoubleBuffer b = v.getDoubleBuffer();
        data = new float[b.remaining()];
        for (int i = 0; i < data.length; i++) data[i] = (float) b.get(i);
        break;
      }
      default:
        throw new IllegalArgumentException(file + ": output " + name + " is " + info.type + ", not a float type");
    }
    return new FloatTensor(data, info.getShape());
  }

  /** Rows {@code [from, to)} of the leading dimension. */
  static Tensor rows(Tensor t, int from, int to) {
    long[] shape = t.shape();
    int width = Math.toIntExact(Tensor.elements(shape) / Math.max(1, shape[0]));
    shape[0] = to - from;
    if (t instanceof FloatTensor f)
        return new FloatTensor(Arrays.copyOfRange(f.data(), from * width, to * width), shape);
    LongTensor l = (LongTensor) t;
    return new LongTensor(Arrays.copyOfRange(l.data(), from * width, to * width), shape);
  }

  /**
   * Output {@code name} of consecutive runs joined along the leading dimension; an output without a per-row
   * leading dimension is taken from the first run.
   */
  static FloatTensor concat(String name, List<Map<String, FloatTensor>> parts, List<Integer> partRows) {
    FloatTensor first = parts.get(0).get(name);
    long[] shape = first.shape();
    if (shape.length == 0 || shape[0] != partRows.get(0)) return first;
    int total = partRows.stream().mapToInt(Integer::intValue).sum();
    float[] data = new float[Math.toIntExact(Tensor.elements(shape) / Math.max(1, shape[0])) * total];
    int at = 0;
    for (Map<String, FloatTensor> p : parts) {
      float[] d = p.get(name).data();
      System.arraycopy(d, 0, data, at, d.length);
      at += d.length;
    }
    shape[0] = total;
    return new FloatTensor(data, shape);
  }
}
