package dev.align4j.image.torchscript;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValueUtils;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.util.Pair;
import dev.align4j.core.util.UserError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One TorchScript module loaded through DJL's PyTorch engine. {@code trainable} loads the parameters with
 * DJL's {@code trainParam} option (without it every parameter is an inference tensor that can never require
 * gradients). Forward passes run the module in eval mode (no dropout); {@code grad = false} runs under
 * PyTorch's inference mode, whose outputs are inference tensors: {@link #infer} copies them into ordinary
 * tensors so they may meet the policy's graph.
 */
final class ScriptModule implements AutoCloseable {
  private final Path file;
  private final ZooModel<NDList, NDList> model;
  private final PtSymbolBlock block;
  private final boolean trainable;

  private ScriptModule(Path file, ZooModel<NDList, NDList> model, boolean trainable) {
    this.file = file;
    this.model = model;
    this.trainable = trainable;
    Block b = model.getBlock();
    if (!(b instanceof PtSymbolBlock pt)) {
      model.close();
      throw new IllegalStateException("expected a TorchScript block, got " + b.getClass().getName());
    }
    this.block = pt;
  }

  /** Loads {@code file} onto {@code device} (the engine's default when null). */
  static ScriptModule load(Path file, boolean trainable, Device device, String role) {
    if (!Files.isRegularFile(file)) throw new UserError(role + " not found: " + file);
    Criteria.Builder<NDList, NDList> criteria = Criteria.builder()
        .setTypes(NDList.class, NDList.class)
        .optModelPath(file)
        .optEngine("PyTorch")
        .optOption("trainParam", Boolean.toString(trainable))
        .optOption("mapLocation", "true");
    if (device != null) criteria.optDevice(device);
    try {
      return new ScriptModule(file, criteria.build().loadModel(), trainable);
    } catch (ModelNotFoundException | MalformedModelException | IOException | RuntimeException e) {
      throw new UserError("cannot load " + role + " " + file + " as TorchScript: " + firstLine(e.getMessage()), e);
    }
  }

  /** Runs the module; {@code grad} records the graph for backward. Returns every output. */
  NDList forward(NDList inputs, boolean grad) {
    // PtSymbolBlock.forward ties module mode and autograd to one flag; the JNI layer keeps them apart.
    JniUtils.enableInferenceMode(block);
    return IValueUtils.forward(block, inputs, grad);
  }

  /** The first output of a no-gradient forward pass, copied out of inference mode (an ordinary tensor). */
  NDArray infer(NDList inputs) {
    NDList out = forward(inputs, false);
    NDArray first = out.get(0).duplicate();
    out.close();
    return first;
  }

  /** Parameters as PyTorch's {@code named_parameters()} names them. */
  List<Pair<String, Parameter>> parameters() {
    List<Pair<String, Parameter>> out = new ArrayList<>();
    for (Pair<String, Parameter> p : block.getParameters()) out.add(p);
    return out;
  }

  NDManager manager() {
    return model.getNDManager();
  }

  Path file() {
    return file;
  }

  @Override
  public void close() {
    model.close();
  }

  static String firstLine(String message) {
    if (message == null) return "unknown error";
    String line = message.strip().lines().findFirst().orElse("");
    return line.length() > 300 ? line.substring(0, 300) + "..." : line;
  }
}
