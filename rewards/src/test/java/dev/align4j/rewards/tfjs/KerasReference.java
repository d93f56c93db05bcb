package dev.align4j.rewards.tfjs;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The expected maths for the converter's tests: a direct, double-precision NHWC evaluation of a Keras model
 * config with plain loops, written from the Keras / TensorFlow definitions (no ONNX, no transposes):
 * TensorFlow's {@code same} padding puts {@code floor(total / 2)} before and the rest after, average pooling
 * counts only pixels inside the image, Flatten reads NHWC row-major.
 */
final class KerasReference {
  /** A tensor: values row-major over {@code shape} (batch first; images NHWC). */
  record T(double[] v, int[] shape) {
    int n() {
      return shape[0];
    }
  }

  private final TfjsLayersModel model;

  KerasReference(TfjsLayersModel model) {
    this.model = model;
  }

  /** The model's output for {@code input} (float values, shape batch first). */
  T run(float[] input, int... shape) {
    double[] x = new double[input.length];
    for (int i = 0; i < x.length; i++) x[i] = input[i];
    Map<String, T> out = new HashMap<>();
    for (JsonNode l : model.layers()) {
      String name = l.path("name").asText();
      String cls = l.path("class_name").asText();
      JsonNode c = l.path("config");
      if (cls.equals("InputLayer")) {
        out.put(name, new T(x, shape));
        continue;
      }
      List<T> in = new ArrayList<>();
      for (JsonNode t : l.path("inbound_nodes").get(0)) in.add(out.get(t.get(0).asText()));
      out.put(name, layer(name, cls, c, in));
    }
    String last = model.config().path("config").path("output_layers").get(0).get(0).asText();
    return out.get(last);
  }

  private T layer(String name, String cls, JsonNode c, List<T> in) {
    T x = in.get(0);
    return switch (cls) {
      case "Dropout" -> x;
      case "ZeroPadding2D" -> pad(x, c.path("padding"));
      case "Conv2D" -> act(conv(name, x, c, false), c.path("activation").asText("linear"));
      case "DepthwiseConv2D" -> act(conv(name, x, c, true), c.path("activation").asText("linear"));
      case "BatchNormalization" -> batchNorm(name, x, c);
      case "ReLU" -> c.path("max_value").isNumber() ? clip(x, 0, c.path("max_value").asDouble()) : clip(x, 0, 1e300);
      case "Activation" -> act(x, c.path("activation").asText());
      case "Softmax" -> softmax(x);
      case "Add" -> add(in);
      case "Concatenate" -> concatLast(in);
      case "MaxPooling2D", "AveragePooling2D" -> pool(x, c, cls.startsWith("Max"));
      case "GlobalAveragePooling2D", "GlobalMaxPooling2D" -> globalPool(x, cls.startsWith("GlobalMax"));
      case "Flatten" -> new T(x.v(), new int[] {x.n(), x.v().length / x.n()});
      case "Dense" -> act(dense(name, x, c), c.path("activation").asText("linear"));
      default -> throw new IllegalArgumentException("reference: no " + cls);
    };
  }

  private T pad(T x, JsonNode p) {
    int top = p.get(0).get(0).asInt();
    int bottom = p.get(0).get(1).asInt();
    int left = p.get(1).get(0).asInt();
    int right = p.get(1).get(1).asInt();
    int n = x.n();
    int h = x.shape()[1];
    int w = x.shape()[2];
    int ch = x.shape()[3];
    int oh = h + top + bottom;
    int ow = w + left + right;
    double[] o = new double[n * oh * ow * ch];
    for (int b = 0; b < n; b++) {
      for (int i = 0; i < h; i++) {
        for (int j = 0; j < w; j++) {
          for (int k = 0; k < ch; k++) {
            o[((b * oh + i + top) * ow + j + left) * ch + k] = x.v()[((b * h + i) * w + j) * ch + k];
          }
        }
      }
    }
    return new T(o, new int[] {n, oh, ow, ch});
  }

  /** Output size and padding before, for one spatial axis. */
  private static int[] window(int size, int k, int s, String padding) {
    if (padding.equals("valid")) return new int[] {(size - k) / s + 1, 0};
    int out = (size + s - 1) / s;
    int total = Math.max((out - 1) * s + k - size, 0);
    return new int[] {out, total / 2};
  }

  private T conv(String name, T x, JsonNode c, boolean depthwise) {
    int kh = c.path("kernel_size").get(0).asInt();
    int kw = c.path("kernel_size").get(1).asInt();
    int sh = c.path("strides").get(0).asInt();
    int sw = c.path("strides").get(1).asInt();
    int dh = c.path("dilation_rate").get(0).asInt();
    int dw = c.path("dilation_rate").get(1).asInt();
    String padding = c.path("padding").asText();
    int n = x.n();
    int h = x.shape()[1];
    int w = x.shape()[2];
    int cin = x.shape()[3];
    int mult = depthwise ? c.path("depth_multiplier").asInt(1) : 0;
    int cout = depthwise ? cin * mult : c.path("filters").asInt();
    float[] k = model.weight(name + (depthwise ? "/depthwise_kernel" : "/kernel")).values();
    float[] bias = c.path("use_bias").asBoolean(true) ? model.weight(name + "/bias").values() : new float[cout];
    int[] rows = window(h, (kh - 1) * dh + 1, sh, padding);
    int[] cols = window(w, (kw - 1) * dw + 1, sw, padding);
    int oh = rows[0];
    int ow = cols[0];
    double[] o = new double[n * oh * ow * cout];
    for (int b = 0; b < n; b++) {
      for (int i = 0; i < oh; i++) {
        for (int j = 0; j < ow; j++) {
          for (int co = 0; co < cout; co++) {
            double s = bias[co];
            for (int a = 0; a < kh; a++) {
              int yi = i * sh + a * dh - rows[1];
              if (yi < 0 || yi >= h) continue;
              for (int e = 0; e < kw; e++) {
                int xj = j * sw + e * dw - cols[1];
                if (xj < 0 || xj >= w) continue;
                if (depthwise) {
                  int ci = co / mult;
                  s += x.v()[((b * h + yi) * w + xj) * cin + ci] * k[((a * kw + e) * cin + ci) * mult + co % mult];
                } else {
                  for (int ci = 0; ci < cin; ci++) {
                    s += x.v()[((b * h + yi) * w + xj) * cin + ci] * k[((a * kw + e) * cin + ci) * cout + co];
                  }
                }
              }
            }
            o[((b * oh + i) * ow + j) * cout + co] = s;
          }
        }
      }
    }
    return new T(o, new int[] {n, oh, ow, cout});
  }

  private T batchNorm(String name, T x, JsonNode c) {
    int ch = x.shape()[x.shape().length - 1];
    float[] gamma = c.path("scale").asBoolean(true) ? model.weight(name + "/gamma").values() : ones(ch);
    float[] beta = c.path("center").asBoolean(true) ? model.weight(name + "/beta").values() : new float[ch];
    float[] mean = model.weight(name + "/moving_mean").values();
    float[] var = model.weight(name + "/moving_variance").values();
    double eps = c.path("epsilon").asDouble();
    double[] o = new double[x.v().length];
    for (int i = 0; i < o.length; i++) {
      int k = i % ch;
      o[i] = (x.v()[i] - mean[k]) / Math.sqrt(var[k] + eps) * gamma[k] + beta[k];
    }
    return new T(o, x.shape());
  }

  private static float[] ones(int n) {
    float[] f = new float[n];
    java.util.Arrays.fill(f, 1f);
    return f;
  }

  private static T clip(T x, double lo, double hi) {
    double[] o = new double[x.v().length];
    for (int i = 0; i < o.length; i++) o[i] = Math.min(hi, Math.max(lo, x.v()[i]));
    return new T(o, x.shape());
  }

  private static T act(T x, String a) {
    double[] o = x.v().clone();
    switch (a) {
      case "linear" -> { }
      case "relu" -> {
        return clip(x, 0, 1e300);
      }
      case "relu6" -> {
        return clip(x, 0, 6);
      }
      case "tanh" -> {
        for (int i = 0; i < o.length; i++) o[i] = Math.tanh(o[i]);
      }
      case "sigmoid" -> {
        for (int i = 0; i < o.length; i++) o[i] = 1 / (1 + Math.exp(-o[i]));
      }
      case "softmax" -> {
        return softmax(x);
      }
      default -> throw new IllegalArgumentException(a);
    }
    return new T(o, x.shape());
  }

  private static T softmax(T x) {
    int last = x.shape()[x.shape().length - 1];
    double[] o = new double[x.v().length];
    for (int r = 0; r < o.length / last; r++) {
      double max = Double.NEGATIVE_INFINITY;
      for (int i = 0; i < last; i++) max = Math.max(max, x.v()[r * last + i]);
      double sum = 0;
      for (int i = 0; i < last; i++) sum += o[r * last + i] = Math.exp(x.v()[r * last + i] - max);
      for (int i = 0; i < last; i++) o[r * last + i] /= sum;
    }
    return new T(o, x.shape());
  }

  private static T add(List<T> in) {
    double[] o = in.get(0).v().clone();
    for (T t : in.subList(1, in.size())) for (int i = 0; i < o.length; i++) o[i] += t.v()[i];
    return new T(o, in.get(0).shape());
  }

  private static T concatLast(List<T> in) {
    int rows = in.get(0).v().length / in.get(0).shape()[in.get(0).shape().length - 1];
    int total = 0;
    for (T t : in) total += t.shape()[t.shape().length - 1];
    double[] o = new double[rows * total];
    int off = 0;
    for (T t : in) {
      int c = t.shape()[t.shape().length - 1];
      for (int r = 0; r < rows; r++) System.arraycopy(t.v(), r * c, o, r * total + off, c);
      off += c;
    }
    int[] shape = in.get(0).shape().clone();
    shape[shape.length - 1] = total;
    return new T(o, shape);
  }

  private static T pool(T x, JsonNode c, boolean max) {
    int kh = c.path("pool_size").get(0).asInt();
    int kw = c.path("pool_size").get(1).asInt();
    int sh = c.path("strides").get(0).asInt();
    int sw = c.path("strides").get(1).asInt();
    String padding = c.path("padding").asText();
    int n = x.n();
    int h = x.shape()[1];
    int w = x.shape()[2];
    int ch = x.shape()[3];
    int[] rows = window(h, kh, sh, padding);
    int[] cols = window(w, kw, sw, padding);
    double[] o = new double[n * rows[0] * cols[0] * ch];
    for (int b = 0; b < n; b++) {
      for (int i = 0; i < rows[0]; i++) {
        for (int j = 0; j < cols[0]; j++) {
          for (int k = 0; k < ch; k++) {
            double acc = max ? Double.NEGATIVE_INFINITY : 0;
            int count = 0;
            for (int a = 0; a < kh; a++) {
              for (int e = 0; e < kw; e++) {
                int yi = i * sh + a - rows[1];
                int xj = j * sw + e - cols[1];
                if (yi < 0 || yi >= h || xj < 0 || xj >= w) continue;
                double v = x.v()[((b * h + yi) * w + xj) * ch + k];
                acc = max ? Math.max(acc, v) : acc + v;
                count++;
              }
            }
            o[((b * rows[0] + i) * cols[0] + j) * ch + k] = max ? acc : acc / count;
          }
        }
      }
    }
    return new T(o, new int[] {n, rows[0], cols[0], ch});
  }

  private static T globalPool(T x, boolean max) {
    int n = x.n();
    int hw = x.shape()[1] * x.shape()[2];
    int ch = x.shape()[3];
    double[] o = new double[n * ch];
    for (int b = 0; b < n; b++) {
      for (int k = 0; k < ch; k++) {
        double acc = max ? Double.NEGATIVE_INFINITY : 0;
        for (int p = 0; p < hw; p++) {
          double v = x.v()[(b * hw + p) * ch + k];
          acc = max ? Math.max(acc, v) : acc + v;
        }
        o[b * ch + k] = max ? acc : acc / hw;
      }
    }
    return new T(o, new int[] {n, ch});
  }

  private T dense(String name, T x, JsonNode c) {
    int units = c.path("units").asInt();
    float[] k = model.weight(name + "/kernel").values();
    float[] bias = c.path("use_bias").asBoolean(true) ? model.weight(name + "/bias").values() : new float[units];
    int n = x.n();
    int in = x.v().length / n;
    double[] o = new double[n * units];
    for (int b = 0; b < n; b++) {
      for (int u = 0; u < units; u++) {
        double s = bias[u];
        for (int i = 0; i < in; i++) s += x.v()[b * in + i] * k[i * units + u];
        o[b * units + u] = s;
      }
    }
    return new T(o, new int[] {n, units});
  }
}
