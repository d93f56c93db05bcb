package dev.align4j.image.torchscript;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.util.Pair;
import com.google.common.base.Preconditions;
import dev.align4j.core.nn.Convolution;
import dev.align4j.core.nn.InPlace;
import dev.align4j.core.nn.ParameterValues;
import dev.align4j.core.train.NamedParameter;
import dev.align4j.core.util.UserError;
import dev.align4j.diffusion.Conditioning;
import dev.align4j.diffusion.Denoiser;
import dev.align4j.diffusion.Prediction;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A denoising UNet exported from PyTorch as TorchScript with the Stable Diffusion call signature
 * {@code forward(sample [B,C,h,w], timestep [B], encoder_hidden_states [B,L,D])}, returning the prediction
 * (a tensor, or a tuple whose first element it is, as {@code return_dict=False} exports do).
 *
 * <p>Training: load trainable (DJL's {@code trainParam}) and choose the trained subset with
 * {@link #setTrainable}; {@code name -> name.contains("lora")} trains only LoRA adapters exported with the
 * module (PEFT's {@code lora_A} / {@code lora_B}). With adapters, the policy doubles as its own reference:
 * {@link #setAdaptersEnabled(boolean) setAdaptersEnabled(false)} zeroes the adapters' up-projections
 * ({@code lora_B}, {@code lora_up}) in place and {@code true} puts the values back, exactly. Such in-place
 * writes must not happen between a forward pass that is to be backpropagated and its backward pass; the image
 * modality therefore runs the reference before the policy.
 *
 * <p>Checkpoints ({@link #save}) hold the module file (a hard link where the file system allows, else a copy)
 * and the values of the parameters that were ever trainable, so LoRA checkpoints of a large UNet stay small.
 */
public final class TorchScriptUnet implements Denoiser {
  static final String MODULE = "unet.pt";
  static final String VALUES = "tuned.ndlist";
  private final ScriptModule module;
  private final int[] sampleShape;
  private final Prediction prediction;
  private final DataType timestepType;
  private final Set<String> tuned;
  private final List<String> adapterUps;
  private Map<String, NDArray> stashed;

  private TorchScriptUnet(ScriptModule module, int[] sampleShape, Prediction prediction, DataType timestepType,
      Set<String> tuned) {
    this.module = module;
    this.sampleShape = sampleShape.clone();
    this.prediction = prediction;
    this.timestepType = timestepType;
    this.tuned = tuned;
    List<String> ups = new ArrayList<>();
    for (Pair<String, Parameter> p : module.parameters()) {
      if (isAdapterUp(p.getKey())) ups.add(p.getKey());
    }
    this.adapterUps = List.copyOf(ups);
  }

  public static Builder builder(Path file) {
    return new Builder(file);
  }

  /** LoRA up-projections, whose zeroing switches an adapter off: PEFT's lora_B, diffusers' lora_up / lora.up. */
  static boolean isAdapterUp(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    return n.contains("lora_b") || n.contains("lora_up") || n.contains("lora.up") || n.contains("lora_layer.up");
  }

  @Override
  public NDArray predict(NDArray sample, NDArray timesteps, Conditioning conditioning, boolean training) {
    NDArray context = conditioning.requireCaptions(this);
    Preconditions.checkArgument(sample.getShape().dimension() == sampleShape.length + 1,
        "sample must be [B, ...%s], got %s", java.util.Arrays.toString(sampleShape), sample.getShape());
    NDArray t = timesteps.getDataType() == timestepType ? timesteps : timesteps.toType(timestepType, false);
    NDList out = module.forward(new NDList(sample, t, context), training);
    NDArray result = out.get(0);
    for (int i = 1; i < out.size(); i++) out.get(i).close();
    if (!result.getShape().equals(sample.getShape())) {
      throw new UserError("TorchScript UNet " + module.file() + " returned " + result.getShape() + " for a sample "
          + sample.getShape() + "; it must return the prediction shaped like its input");
    }
    return result;
  }

  @Override
  public int[] sampleShape() {
    return sampleShape.clone();
  }

  @Override
  public Prediction prediction() {
    return prediction;
  }

  /** Every parameter, by PyTorch's names. */
  @Override
  public List<NamedParameter> parameters() {
    return NamedParameter.of(module.parameters());
  }

  /** The parameters that receive gradients. */
  public List<NamedParameter> trainableParameters() {
    List<NamedParameter> out = new ArrayList<>();
    for (Pair<String, Parameter> p : module.parameters()) {
      if (p.getValue().requiresGradient()) out.add(new NamedParameter(p.getKey(), p.getValue().getArray()));
    }
    return out;
  }

  /**
   * Trains the parameters whose names pass {@code filter} and freezes the rest.
   *
   * @throws UserError when nothing passes
   */
  public void setTrainable(Predicate<String> filter) {
    List<String> chosen = new ArrayList<>();
    for (Pair<String, Parameter> p : module.parameters()) {
      if (filter.test(p.getKey())) chosen.add(p.getKey());
    }
    if (chosen.isEmpty()) throw new UserError("no parameter of " + module.file() + " matches the trainable filter");
    for (Pair<String, Parameter> p : module.parameters()) p.getValue().freeze(!filter.test(p.getKey()));
    tuned.addAll(chosen);
  }

  /** A second instance of the module with this one's current values, every parameter frozen. */
  @Override
  public Denoiser frozenCopy() {
    ScriptModule copy = ScriptModule.load(module.file(), true, module.manager().getDevice(), "TorchScript UNet");
    TorchScriptUnet out = new TorchScriptUnet(copy, sampleShape, prediction, timestepType, new LinkedHashSet<>(tuned));
    Map<String, NDArray> mine = byName(parameters());
    for (NamedParameter p : out.parameters()) {
      InPlace.copy(mine.get(p.name()), p.array());
    }
    for (Pair<String, Parameter> p : copy.parameters()) p.getValue().freeze(true);
    return out;
  }

  @Override
  public boolean hasAdapters() {
    return !adapterUps.isEmpty();
  }

  @Override
  public void setAdaptersEnabled(boolean enabled) {
    Preconditions.checkState(hasAdapters(), "%s has no LoRA adapters (no lora_B / lora_up parameters)", module.file());
    if (enabled == (stashed == null)) return;
    boolean grad = JniUtils.isGradMode();
    JniUtils.setGradMode(false);
    try {
      Map<String, NDArray> params = byName(parameters());
      if (!enabled) {
        stashed = new LinkedHashMap<>();
        for (String name : adapterUps) {
          NDArray p = params.get(name);
          NDArray saved = p.duplicate();
          saved.detach();  // lives until restored, outside any step scope
          stashed.put(name, saved);
          p.subi(saved);
        }
      } else {
        for (Map.Entry<String, NDArray> e : stashed.entrySet()) {
          params.get(e.getKey()).addi(e.getValue());
          e.getValue().close();
        }
        stashed = null;
      }
    } finally {
      JniUtils.setGradMode(grad);
    }
  }

  @Override
  public void save(Path dir) throws IOException {
    Preconditions.checkState(stashed == null, "cannot save with adapters switched off");
    Files.createDirectories(dir);
    Path target = dir.resolve(MODULE);
    Files.deleteIfExists(target);
    try {
      Files.createLink(target, module.file().toAbsolutePath());
    } catch (IOException | UnsupportedOperationException e) {
      Files.copy(module.file(), target, StandardCopyOption.REPLACE_EXISTING);
    }
    ParameterValues.save(parameters(), tuned::contains, dir.resolve(VALUES));
  }

  /** Applies the values saved by {@link #save} in {@code dir}; every saved name must exist in this module. */
  @Override
  public void load(Path dir) throws IOException {
    Path values = dir.resolve(VALUES);
    if (!Files.isRegularFile(values)) throw new UserError(values + ": no tuned UNet values here");
    tuned.addAll(ParameterValues.load(values, parameters(), module.manager(), module.file()));
  }

  /** The module file this UNet was loaded from. */
  public Path file() {
    return module.file();
  }

  @Override
  public void close() {
    if (stashed != null) stashed.values().forEach(NDArray::close);
    module.close();
  }

  @Override
  public String toString() {
    return "TorchScriptUnet[" + module.file() + ", sample " + java.util.Arrays.toString(sampleShape) + ", "
        + prediction + "]";
  }

  private static Map<String, NDArray> byName(List<NamedParameter> list) {
    Map<String, NDArray> out = new LinkedHashMap<>();
    for (NamedParameter p : list) out.put(p.name(), p.array());
    return out;
  }

  /** Options for {@link TorchScriptUnet}. */
  public static final class Builder {
    private final Path file;
    private boolean trainable = true;
    private Device device;
    private int[] sampleShape;
    private Prediction prediction = Prediction.EPSILON;
    private DataType timestepType = DataType.INT64;
    private Path tunedValues;

    private Builder(Path file) {
      this.file = Preconditions.checkNotNull(file, "file");
    }

    /**
     * Whether the parameters start trainable (default true); false freezes them all (a reference). Either way
     * the module is loaded with DJL's {@code trainParam}, so that values can be written into it and
     * {@link TorchScriptUnet#setTrainable} can unfreeze a subset later.
     */
    public Builder trainable(boolean value) {
      this.trainable = value;
      return this;
    }

    public Builder device(Device value) {
      this.device = value;
      return this;
    }

    /** Channels, height and width of the samples (latents) the UNet denoises. Required. */
    public Builder sampleShape(int channels, int height, int width) {
      Preconditions.checkArgument(channels > 0 && height > 0 && width > 0, "sample shape %sx%sx%s", channels, height,
          width);
      this.sampleShape = new int[] {channels, height, width};
      return this;
    }

    /** What the UNet predicts (default epsilon). */
    public Builder prediction(Prediction value) {
      this.prediction = Preconditions.checkNotNull(value);
      return this;
    }

    /** The timestep tensor's type the module expects: int64 (default) or float32. */
    public Builder timestepType(DataType value) {
      Preconditions.checkArgument(value == DataType.INT64 || value == DataType.FLOAT32, "timestep type %s", value);
      this.timestepType = value;
      return this;
    }

    /** A directory written by {@link TorchScriptUnet#save} whose tuned values to apply after loading. */
    public Builder tunedValues(Path dir) {
      this.tunedValues = dir;
      return this;
    }

    public TorchScriptUnet build() {
      Preconditions.checkState(sampleShape != null, "sampleShape is required");
      ScriptModule module = ScriptModule.load(file, true, device, "TorchScript UNet");
      TorchScriptUnet unet = new TorchScriptUnet(module, sampleShape, prediction, timestepType, new LinkedHashSet<>());
      if (!trainable) {
        for (Pair<String, Parameter> p : module.parameters()) p.getValue().freeze(true);
      } else {
        Convolution.warnIfRawBackwardIsWrong(file.getFileName().toString());
      }
      try {
        if (tunedValues != null) unet.load(tunedValues);
        return unet;
      } catch (IOException | RuntimeException e) {
        unet.close();
        if (e instanceof UserError u) throw u;
        throw new UserError(tunedValues + ": cannot read tuned UNet values (" + e.getMessage() + ")", e);
      }
    }
  }
}
