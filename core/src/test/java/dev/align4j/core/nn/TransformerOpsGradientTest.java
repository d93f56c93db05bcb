package dev.align4j.core.nn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Embedding;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Every op of the text GPT (and the UNet's attention) computes the same output and gradients in float32 as in
 * float64 under the test JVM's native settings, at small shapes and at the embedded GPT's own (batch 64, 12 tokens,
 * width 64, 4 heads, MLP 256): libtorch's float32 convolution backward did not on this project's AMD machine
 * ({@link ConvolutionTest}), and the embedded arithmetic base model trains to different results with oneDNN capped
 * at AVX2 (docs/text.md). The errors are printed; each must stay under 1e-4.
 */
class TransformerOpsGradientTest {
  private static double[][] run(NDManager m, DataType type, Shape[] shapes, Function<NDList, NDArray> op) {
    Engine.getInstance().setRandomSeed(11);
    NDList in = new NDList();
    for (Shape s : shapes) {
      NDArray a = m.randomNormal(s).mul(0.5).toType(type, false);
      a.setRequiresGradient(true);
      in.add(a);
    }
    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
      NDArray y = op.apply(in);
      Engine.getInstance().setRandomSeed(12);
      NDArray up = m.randomNormal(y.getShape()).toType(type, false);
      gc.backward(y.mul(up).sum());
      List<double[]> out = new ArrayList<>();
      out.add(y.toType(DataType.FLOAT64, false).toDoubleArray());
      for (NDArray a : in) out.add(a.getGradient().toType(DataType.FLOAT64, false).toDoubleArray());
      return out.toArray(new double[0][]);
    }
  }

  @Test
  void float32MatchesFloat64() {
    Map<String, Object[]> ops = new LinkedHashMap<>();
    ops.put("linear", new Object[] {new Shape[] {new Shape(4, 10, 32), new Shape(48, 32), new Shape(48)},
        (Function<NDList, NDArray>) l -> Linear.linear(l.get(0), l.get(1), l.get(2)).singletonOrThrow()});
    ops.put("linear odd", new Object[] {new Shape[] {new Shape(4, 10, 32), new Shape(13, 32), new Shape(13)},
        (Function<NDList, NDArray>) l -> Linear.linear(l.get(0), l.get(1), l.get(2)).singletonOrThrow()});
    ops.put("matMul 4d", new Object[] {new Shape[] {new Shape(4, 2, 10, 16), new Shape(4, 2, 16, 10)},
        (Function<NDList, NDArray>) l -> l.get(0).matMul(l.get(1))});
    ops.put("softmax", new Object[] {new Shape[] {new Shape(4, 2, 10, 10)},
        (Function<NDList, NDArray>) l -> l.get(0).softmax(-1)});
    ops.put("logSoftmax", new Object[] {new Shape[] {new Shape(4, 10, 29)},
        (Function<NDList, NDArray>) l -> l.get(0).logSoftmax(-1)});
    ops.put("layerNorm", new Object[] {new Shape[] {new Shape(4, 10, 32), new Shape(32), new Shape(32)},
        (Function<NDList, NDArray>) l -> LayerNorm.layerNorm(l.get(0), new Shape(32), l.get(1), l.get(2), 1e-5f)
            .singletonOrThrow()});
    ops.put("gelu", new Object[] {new Shape[] {new Shape(4, 10, 64)},
        (Function<NDList, NDArray>) l -> Activation.gelu(l.get(0))});
    ops.put("embedding", new Object[] {new Shape[] {new Shape(29, 32)},
        (Function<NDList, NDArray>) l -> Embedding.embedding(
            l.get(0).getManager().arange(0, 40, 1, DataType.INT64).mod(29).reshape(4, 10), l.get(0),
            SparseFormat.DENSE).singletonOrThrow()});
    int b = 64;
    int t = 12;
    ops.put("gpt linear qkv", new Object[] {new Shape[] {new Shape(b, t, 64), new Shape(64, 64), new Shape(64)},
        (Function<NDList, NDArray>) l -> Linear.linear(l.get(0), l.get(1), l.get(2)).singletonOrThrow()});
    ops.put("gpt mlp in", new Object[] {new Shape[] {new Shape(b, t, 64), new Shape(256, 64), new Shape(256)},
        (Function<NDList, NDArray>) l -> Linear.linear(l.get(0), l.get(1), l.get(2)).singletonOrThrow()});
    ops.put("gpt mlp out", new Object[] {new Shape[] {new Shape(b, t, 256), new Shape(64, 256), new Shape(64)},
        (Function<NDList, NDArray>) l -> Linear.linear(l.get(0), l.get(1), l.get(2)).singletonOrThrow()});
    ops.put("gpt lm head", new Object[] {new Shape[] {new Shape(b, t, 64), new Shape(21, 64)},
        (Function<NDList, NDArray>) l -> Linear.linear(l.get(0), l.get(1)).singletonOrThrow()});
    ops.put("gpt scores", new Object[] {new Shape[] {new Shape(b, 4, t, 16), new Shape(b, 4, 16, t)},
        (Function<NDList, NDArray>) l -> l.get(0).matMul(l.get(1))});
    ops.put("gpt mix", new Object[] {new Shape[] {new Shape(b, 4, t, t), new Shape(b, 4, t, 16)},
        (Function<NDList, NDArray>) l -> l.get(0).softmax(-1).matMul(l.get(1))});
    ops.put("gpt layerNorm", new Object[] {new Shape[] {new Shape(b, t, 64), new Shape(64), new Shape(64)},
        (Function<NDList, NDArray>) l -> LayerNorm.layerNorm(l.get(0), new Shape(64), l.get(1), l.get(2), 1e-5f)
            .singletonOrThrow()});
    ops.put("gpt gelu", new Object[] {new Shape[] {new Shape(b, t, 256)},
        (Function<NDList, NDArray>) l -> Activation.gelu(l.get(0))});
    StringBuilder report = new StringBuilder();
    boolean ok = true;
    try (NDManager m = NDManager.newBaseManager()) {
      for (Map.Entry<String, Object[]> e : ops.entrySet()) {
        Shape[] shapes = (Shape[]) e.getValue()[0];
        @SuppressWarnings("unchecked")
        Function<NDList, NDArray> op = (Function<NDList, NDArray>) e.getValue()[1];
        double[][] a = run(m, DataType.FLOAT32, shapes, op);
        double[][] dbl = run(m, DataType.FLOAT64, shapes, op);
        report.append(e.getKey()).append(':');
        for (int k = 0; k < a.length; k++) {
          double err = Convolution.relativeError(a[k], dbl[k]);
          report.append(String.format(" %s %.2e", k == 0 ? "out" : "d" + k, err));
          ok &= err < 1e-4;
        }
        report.append('\n');
      }
    }
    System.out.println(report);
    assertTrue(ok, report.toString());
  }
}
