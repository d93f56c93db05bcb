package dev.align4j.rewards.onnx;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import com.google.common.base.Preconditions;
import com.google.common.collect.ImmutableMap;
import dev.align4j.core.util.UserError;
import dev.align4j.rewards.onnx.Tensor.FloatTensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One ONNX graph loaded into ONNX Runtime. Owns native memory: open it with try-with-resources.
 *
 * <p>Inputs and outputs are heap {@link Tensor}s. Values are converted to what the graph declares: float
 * tensors feed FLOAT, FLOAT16, BFLOAT16 and DOUBLE inputs; long tensors feed INT64 and INT32 inputs; FLOAT16,
 * BFLOAT16 and DOUBLE outputs come back as float. Runs are safe from several threads at once.
 */
public final class OnnxSession implements AutoCloseable {
  private final Path file;
  private final OrtEnvironment env;
  private final OrtSession session;
  private final Map<String, TensorInfo> inputs;
  private final Map<String, TensorInfo> outputs;

  private OnnxSession(Path file, OrtEnvironment env, OrtSession session) throws OrtException {
    this.file = file;
    this.env = env;
    this.session = session;
    this.inputs = tensorInfos(session.getInputInfo(), file);
    this.outputs = tensorInfos(session.getOutputInfo(), file);
  }

  /**
   * Loads {@code file} on the configured device.
   *
   * @throws UserError when the file is missing or not a loadable ONNX graph, or CUDA was asked for and ONNX
   *     Runtime's CUDA execution provider cannot start
   */
  public static OnnxSession open(Path file, SessionConfig config) {
    if (!Files.isRegularFile(file)) throw new UserError("ONNX model not found: " + file);
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      configure(options, config);
      OrtSession session;
      try {
        session = env.createSession(file.toString(), options);
      } catch (OrtException e) {
        throw new UserError("cannot load ONNX model " + file + ": " + firstLine(e.getMessage()), e);
      }
      try {
        return new OnnxSession(file, env, session);
      } catch (OrtException | RuntimeException e) {
        closeQuietly(session);
        throw e instanceof UserError u ? u
            : new UserError("cannot read ONNX model " + file + ": " + firstLine(e.getMessage()), e);
      }
    } catch (OrtException e) {
      throw new UserError("cannot configure ONNX Runtime for " + file + ": " + firstLine(e.getMessage()), e);
    }
  }

  private static void configure(OrtSession.SessionOptions options, SessionConfig config) throws OrtException {
    if (config.intraOpThreads() > 0) options.setIntraOpNumThreads(config.intraOpThreads());
    if (config.interOpThreads() > 0) options.setInterOpNumThreads(config.interOpThreads());
    if (config.interOpThreads() > 1) options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.PARALLEL);
    // ONNX Runtime's pool threads spin after each run by default, taking the cores from the threads that decode and
    // preprocess the next batch in parallel (bench throughput at batch 16 gained nothing from them until this).
    options.addConfigEntry("session.intra_op.allow_spinning", "0");
    if (config.device() == SessionConfig.Device.CUDA) {
      try {
        options.addCUDA(config.deviceId());
      } catch (OrtException e) {
        throw new UserError("device " + config.deviceName() + ": ONNX Runtime's CUDA execution provider cannot start ("
            + firstLine(e.getMessage()) + "); it needs an NVIDIA driver, CUDA 12 and cuDNN 9 on the library path"
            + " (ONNX Runtime's log names the missing library), or use device: cpu", e);
      }
    }
  }

  /** The file this graph was loaded from. */
  public Path file() {
    return file;
  }

  /** Input names, in graph order. */
  public Set<String> inputNames() {
    return inputs.keySet();
  }

  /** Output names, in graph order. */
  public Set<String> outputNames() {
    return outputs.keySet();
  }

  public boolean hasInput(String name) {
    return inputs.containsKey(name);
  }

  public boolean hasOutput(String name) {
    return outputs.containsKey(name);
  }

  /** The element type the graph declares for an input (FLOAT, FLOAT16, INT64, ...). */
  public OnnxJavaType inputType(String name) {
    return info(inputs, name, "input").type;
  }

  /** The element type the graph declares for an output. */
  public OnnxJavaType outputType(String name) {
    return info(outputs, name, "output").type;
  }

  /**
   * Runs the graph once on whole tensors.
   *
   * @param feeds one tensor per graph input, by name
   * @param wanted the outputs to compute (all float-convertible)
   * @return the wanted outputs as float tensors, in the order asked
   */
  public Map<String, FloatTensor> run(Map<String, ? extends Tensor> feeds, Set<String> wanted) {
    for (String name : wanted) info(outputs, name, "output");
    Map<String, OnnxTensor> onnx = new LinkedHashMap<>();
    try {
      for (Map.Entry<String, ? extends Tensor> e : feeds.entrySet()) {
        onnx.put(e.getKey(), TensorConversions.toOnnx(env, info(inputs, e.getKey(), "input"), e.getValue(), file,
            e.getKey()));
      }
      try (OrtSession.Result result = session.run(onnx, wanted)) {
        Map<String, FloatTensor> out = new LinkedHashMap<>();
        for (String name : wanted) {
          OnnxValue v = result.get(name).orElseThrow();
          out.put(name, TensorConversions.toFloat((OnnxTensor) v, file, name));
        }
        return out;
      }
    } catch (OrtException e) {
      throw new UserError("ONNX Runtime failed on " + file + ": " + firstLine(e.getMessage()), e);
    } finally {
      onnx.values().forEach(OnnxTensor::close);
    }
  }

  /**
   * Runs the graph on inputs that share a leading batch dimension, at most {@code batchSize} rows per run,
   * and concatenates the outputs along that dimension. An output without a per-row leading dimension (a
   * scalar such as a logit scale) is taken from the first run.
   */
  public Map<String, FloatTensor> runBatched(Map<String, ? extends Tensor> feeds, Set<String> wanted, int batchSize) {
    Preconditions.checkArgument(batchSize > 0, "batchSize %s", batchSize);
    Preconditions.checkArgument(!feeds.isEmpty(), "no inputs");
    int rows = feeds.values().iterator().next().rows();
    for (Map.Entry<String, ? extends Tensor> e : feeds.entrySet()) {
      Preconditions.checkArgument(e.getValue().rows() == rows, "input %s has %s rows, expected %s", e.getKey(),
          e.getValue().rows(), rows);
    }
    if (rows <= batchSize) return run(feeds, wanted);
    List<Map<String, FloatTensor>> parts = new ArrayList<>();
    List<Integer> partRows = new ArrayList<>();
    for (int from = 0; from < rows; from += batchSize) {
      int to = Math.min(rows, from + batchSize);
      Map<String, Tensor> slice = new LinkedHashMap<>();
      for (Map.Entry<String, ? extends Tensor> e : feeds.entrySet())
          slice.put(e.getKey(), TensorConversions.rows(e.getValue(), from, to));
      parts.add(run(slice, wanted));
      partRows.add(to - from);
    }
    Map<String, FloatTensor> out = new LinkedHashMap<>();
    for (String name : wanted) out.put(name, TensorConversions.concat(name, parts, partRows));
    return out;
  }

  @Override
  public void close() {
    closeQuietly(session);
  }

  @Override
  public String toString() {
    return "OnnxSession[" + file + ", inputs " + inputs.keySet() + ", outputs " + outputs.keySet() + "]";
  }

  private TensorInfo info(Map<String, TensorInfo> infos, String name, String what) {
    TensorInfo info = infos.get(name);
    if (info == null) {
      throw new IllegalArgumentException(file + " has no " + what + " '" + name + "' (it has " + infos.keySet() + ")");
    }
    return info;
  }

  private static Map<String, TensorInfo> tensorInfos(Map<String, NodeInfo> nodes, Path file) {
    ImmutableMap.Builder<String, TensorInfo> out = ImmutableMap.builder();
    for (Map.Entry<String, NodeInfo> e : nodes.entrySet()) {
      if (!(e.getValue().getInfo() instanceof TensorInfo t)) {
        throw new UserError(file + ": graph value " + e.getKey() + " is not a tensor (" + e.getValue().getInfo() + ")");
      }
      out.put(e.getKey(), t);
    }
    return out.build();
  }

  private static void closeQuietly(OrtSession session) {
    try {
      session.close();
    } catch (OrtException e) {
      // nothing useful to do: the native session is gone either way
    }
  }

  static String firstLine(String message) {
    if (message == null) return "no message";
    String m = message.strip();
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl).strip();
  }
}
