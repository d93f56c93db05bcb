package dev.align4j.text;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.ParameterList;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValueUtils;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import com.google.common.base.Preconditions;
import dev.align4j.core.util.UserError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Predicate;

/**
 * A causal LM exported from PyTorch as TorchScript ({@code torch.jit.script} or {@code trace}), run and
 * trained through DJL's PyTorch engine. The module's {@code forward(input_ids, attention_mask)} takes two
 * int64 tensors {@code [B, T]} and returns the logits {@code [B, T, V]} (or a tuple whose first element is
 * the logits, as Hugging Face exports do).
 *
 * <p>Training: load with {@link Builder#trainable(boolean) trainable(true)} (the default; DJL's
 * {@code trainParam} option, without which every parameter is frozen), open a
 * {@link ai.djl.training.GradientCollector}, call {@link #logits} with {@code training = true}, backward,
 * then update each of {@link #trainableParameters()} with a DJL {@link ai.djl.training.optimizer.Optimizer}
 * and {@link #zeroGradients()}: PyTorch accumulates gradients and DJL does not clear them for you.
 *
 * <p>{@code training = false} runs the module under PyTorch's inference mode: the logits are <em>inference
 * tensors</em> with no graph. Use it for the reference model and for evaluation, never for a loss you
 * backpropagate. Inside a gradient collector, an op that would save such a tensor for backward together
 * with a tensor that requires gradients (a {@code mul} with the policy's logits) fails with "Inference
 * tensors cannot be saved for backward"; derive what you need from them first ({@code logSoftmax},
 * {@code gather} make ordinary tensors) or {@link NDArray#duplicate() duplicate()} them.
 *
 * <p>Dropout: by default the module runs in eval mode even when {@code training = true} (gradients flow,
 * dropout is off), as TRL does for preference tuning ({@code disable_dropout=True}); see
 * {@link Builder#dropout(boolean)}. Call {@link #logits} rather than {@code block().forward(...)}: this class
 * sets the module's train/eval mode itself on every call.
 */
public final class TorchScriptCausalLm implements CausalLm, AutoCloseable {
  private final Path file;
  private final ZooModel<NDList, NDList> model;
  private final PtSymbolBlock block;
  private final boolean loadedTrainable;
  private final boolean dropout;
  private final int vocabSize;

  private TorchScriptCausalLm(
      Path file, ZooModel<NDList, NDList> model, boolean loadedTrainable, boolean dropout, Integer vocabSize) {
    this.file = file;
    this.loadedTrainable = loadedTrainable;
    this.model = model;
    Block b = model.getBlock();
    if (!(b instanceof PtSymbolBlock)) {
      throw new IllegalStateException("expected a PyTorch TorchScript block, got " + b.getClass().getName());
    }
    this.block = (PtSymbolBlock) b;
    this.dropout = dropout;
    this.vocabSize = vocabSize != null ? vocabSize : probeVocabSize();
  }

  public static Builder builder(Path file) {
    return new Builder(file);
  }

  /** Loads {@code file} trainable, on the engine's default device, dropout off. */
  public static TorchScriptCausalLm load(Path file) {
    return builder(file).build();
  }

  @Override
  public NDArray logits(ParameterStore store, NDArray tokenIds, NDArray attentionMask, boolean training) {
    Shape shape = tokenIds.getShape();
    Preconditions.checkArgument(shape.dimension() == 2, "token ids must be [B, T], got %s", shape);
    Preconditions.checkArgument(
        attentionMask.getShape().equals(shape),
        "attention mask %s does not match token ids %s",
        attentionMask.getShape(),
        shape);
    NDArray ids = tokenIds.getDataType() == DataType.INT64 ? tokenIds : tokenIds.toType(DataType.INT64, false);
    NDArray mask =
        attentionMask.getDataType() == DataType.INT64 ? attentionMask : attentionMask.toType(DataType.INT64, false);
    NDList outputs = forward(new NDList(ids, mask), training);
    NDArray logits = outputs.get(0);
    for (int i = 1; i < outputs.size(); i++) outputs.get(i).close();
    Shape out = logits.getShape();
    if (out.dimension() != 3 || out.get(0) != shape.get(0) || out.get(1) != shape.get(1)) {
      throw new UserError(
          "TorchScript model " + file + " returned " + out + " for input " + shape + "; expected logits [B, T, V]");
    }
    return logits.getDataType() == DataType.FLOAT32 ? logits : logits.toType(DataType.FLOAT32, false);
  }

  /**
   * Runs the module. {@code training} decides whether autograd records the graph; the module's own mode
   * (dropout, batch-norm statistics) is train only when {@code training} and dropout is enabled.
   */
  private NDList forward(NDList inputs, boolean training) {
    // PtSymbolBlock.forward ties both to one flag and remembers the last mode in a field; calling the
    // JNI layer directly keeps gradients and module mode independent and always in the state asked for.
    if (training && dropout) {
      JniUtils.enableTrainingMode(block);
    } else {
      JniUtils.enableInferenceMode(block);
    }
    return IValueUtils.forward(block, inputs, training);
  }

  @Override
  public int vocabSize() {
    return vocabSize;
  }

  /** The DJL block of the module (a {@code PtSymbolBlock}): its parameters are the module's. */
  public Block block() {
    return block;
  }

  /** The loaded DJL model; its manager owns the parameters. */
  public ZooModel<NDList, NDList> model() {
    return model;
  }

  /** The manager that owns the parameters (and the optimizer state DJL creates from them). */
  public NDManager manager() {
    return model.getNDManager();
  }

  /** Every parameter, named as PyTorch's {@code named_parameters()} names them ({@code blocks.0.fc1.weight}). */
  public ParameterList parameters() {
    return block.getParameters();
  }

  /** The parameters that receive gradients. */
  public ParameterList trainableParameters() {
    ParameterList out = new ParameterList();
    for (Pair<String, Parameter> p : block.getParameters()) {
      if (p.getValue().requiresGradient()) out.add(p.getKey(), p.getValue());
    }
    return out;
  }

  /**
   * Freezes every parameter whose name fails {@code trainable} and unfreezes the rest (e.g. train only
   * names containing {@code lora}).
   *
   * @throws IllegalStateException when a parameter should become trainable but the model was loaded with
   *     {@code trainable(false)}: DJL then loads the parameters as inference tensors, which can never
   *     require gradients. Load trainable and freeze instead.
   */
  public void setTrainable(Predicate<String> trainable) {
    if (!loadedTrainable) {
      for (String name : block.getParameters().keys()) {
        if (trainable.test(name)) {
          throw new IllegalStateException(
              "cannot make " + name + " of " + file + " trainable: the model was loaded with trainable(false),"
                  + " so its parameters are inference tensors; load it with trainable(true) and freeze what"
                  + " should stay fixed");
        }
      }
      return;
    }
    for (Pair<String, Parameter> p : block.getParameters()) {
      p.getValue().freeze(!trainable.test(p.getKey()));
    }
  }

  /** Sets every trainable parameter's accumulated gradient to zero (in place, under no-grad). */
  public void zeroGradients() {
    for (Parameter p : trainableParameters().values()) {
      JniUtils.zeroGrad((PtNDArray) p.getArray());
    }
  }

  /** The TorchScript file this model was loaded from. */
  public Path file() {
    return file;
  }

  private int probeVocabSize() {
    try (NDManager m = manager().newSubManager()) {
      NDArray ids = m.zeros(new Shape(1, 1), DataType.INT64);
      NDArray mask = m.ones(new Shape(1, 1), DataType.INT64);
      NDArray logits = logits(new ParameterStore(m, false), ids, mask, false);
      return Math.toIntExact(logits.getShape().get(2));
    }
  }

  @Override
  public void close() {
    model.close();
  }

  @Override
  public String toString() {
    return "TorchScriptCausalLm[" + file + ", vocab " + vocabSize + "]";
  }

  /** Options for {@link TorchScriptCausalLm}. */
  public static final class Builder {
    private final Path file;
    private boolean trainable = true;
    private boolean dropout;
    private Device device;
    private Integer vocabSize;

    private Builder(Path file) {
      this.file = Preconditions.checkNotNull(file, "file");
    }

    /**
     * Whether the parameters require gradients (default true). False loads them frozen for good (DJL
     * loads them as inference tensors): a reference model.
     */
    public Builder trainable(boolean trainable) {
      this.trainable = trainable;
      return this;
    }

    /**
     * Whether a {@code training = true} forward runs the module in train mode, with its dropout (default
     * false: eval mode, gradients still recorded).
     */
    public Builder dropout(boolean dropout) {
      this.dropout = dropout;
      return this;
    }

    /** The device to load onto (default: the engine's default device). */
    public Builder device(Device device) {
      this.device = device;
      return this;
    }

    /** The vocabulary size V; when not given it is read from one forward pass on a single token. */
    public Builder vocabSize(int vocabSize) {
      Preconditions.checkArgument(vocabSize > 0, "vocabSize must be positive, got %s", vocabSize);
      this.vocabSize = vocabSize;
      return this;
    }

    /**
     * Loads the module.
     *
     * @throws UserError when the file is missing or is not a TorchScript module
     */
    public TorchScriptCausalLm build() {
      if (!Files.isRegularFile(file)) {
        throw new UserError("TorchScript model not found: " + file);
      }
      Criteria.Builder<NDList, NDList> criteria =
          Criteria.builder()
              .setTypes(NDList.class, NDList.class)
              .optModelPath(file)
              .optEngine("PyTorch")
              // Without trainParam DJL loads every parameter with requires_grad = false.
              .optOption("trainParam", Boolean.toString(trainable))
              // Load tensors straight onto the target device, whatever device they were saved from.
              .optOption("mapLocation", "true");
      if (device != null) criteria.optDevice(device);
      ZooModel<NDList, NDList> model;
      try {
        model = criteria.build().loadModel();
      } catch (ModelNotFoundException | MalformedModelException | IOException | RuntimeException e) {
        throw new UserError("cannot load TorchScript model " + file + ": " + e.getMessage(), e);
      }
      try {
        return new TorchScriptCausalLm(file, model, trainable, dropout, vocabSize);
      } catch (RuntimeException e) {
        model.close();
        throw e;
      }
    }
  }
}
