package dev.align4j.image.unet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.align4j.core.train.NamedParameter;
import dev.align4j.core.util.UserError;
import dev.align4j.diffusion.Conditioning;
import dev.align4j.diffusion.Denoiser;
import dev.align4j.diffusion.Prediction;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The Java {@link UNet} as a {@link Denoiser} and policy: its named parameters, LoRA adapters, a frozen copy
 * and a directory form ({@code config.json} with the {@link UNetConfig} and adapters, {@code model.params}).
 * Owns the manager its parameters live in.
 */
public final class UNetDenoiser implements Denoiser {
  static final String FORMAT = "align4j-unet";
  static final int VERSION = 1;

  /** What {@code config.json} holds. */
  record Manifest(
      @JsonProperty("format") String format,
      @JsonProperty("version") int version,
      @JsonProperty("unet") UNetConfig unet,
      @JsonProperty("lora") LoraSpec lora) {}

  private final UNet net;
  private final NDManager manager;
  private final ParameterStore store;
  private LoraSpec lora;

  private UNetDenoiser(UNet net, NDManager manager) {
    this.net = net;
    this.manager = manager;
    this.store = new ParameterStore(manager, false);
  }

  /** A new network with weights drawn from {@code seed}, in a sub-manager of {@code parent}. */
  public static UNetDenoiser create(UNetConfig config, long seed, NDManager parent) {
    NDManager m = parent.newSubManager();
    return new UNetDenoiser(UNet.create(config, seed, m), m);
  }

  /** Loads a directory written by {@link #save}; parameters come back trainable, adapters enabled. */
  public static UNetDenoiser load(Path dir, NDManager parent) {
    Manifest manifest = ModelFiles.readManifest(dir, Manifest.class, "UNet");
    if (!FORMAT.equals(manifest.format()) || manifest.version() != VERSION || manifest.unet() == null) {
      throw new UserError(dir.resolve(ModelFiles.CONFIG) + ": not an " + FORMAT + " v" + VERSION + " model (format "
          + manifest.format() + ", version " + manifest.version() + ")");
    }
    UNetDenoiser d = create(manifest.unet(), 0, parent);
    try {
      if (manifest.lora() != null) {
        LoraSpec l = manifest.lora();
        d.applyLora(l.rank(), l.alpha(), new HashSet<>(l.targetModules()), 0);
      }
      ModelFiles.loadInto(dir, d.parameters(), d.manager);
      return d;
    } catch (RuntimeException e) {
      d.close();
      throw e;
    }
  }

  public UNet network() {
    return net;
  }

  public UNetConfig config() {
    return net.config();
  }

  /** The attached adapters, if any. */
  public Optional<LoraSpec> lora() {
    return Optional.ofNullable(lora);
  }

  /**
   * Attaches LoRA adapters to the attention projections named in {@code targets} (subset of q, k, v, o);
   * the output is unchanged until they train. Their parameter names contain "lora".
   */
  public void applyLora(int rank, float alpha, Set<String> targets, long seed) {
    if (lora != null) throw new IllegalStateException("LoRA adapters are already attached: " + lora);
    net.applyLora(rank, alpha, targets, seed);
    lora = new LoraSpec(rank, alpha, List.copyOf(new TreeSet<>(targets)));
  }

  @Override
  public NDArray predict(NDArray sample, NDArray timesteps, Conditioning conditioning, boolean training) {
    return net.forward(store, sample, timesteps, conditioning.requireCaptions(this), training);
  }

  @Override
  public int[] sampleShape() {
    UNetConfig c = net.config();
    return new int[] {c.inChannels(), c.sampleSize(), c.sampleSize()};
  }

  @Override
  public Prediction prediction() {
    return net.config().prediction();
  }

  @Override
  public List<NamedParameter> parameters() {
    return NamedParameter.of(net.getParameters());
  }

  /** A deep copy (adapters included, in their current on/off state) whose parameters never get gradients. */
  @Override
  public UNetDenoiser frozenCopy() {
    UNetDenoiser copy = create(net.config(), 0, manager);
    if (lora != null) copy.applyLora(lora.rank(), lora.alpha(), new HashSet<>(lora.targetModules()), 0);
    NamedParameter.copyFrozen(parameters(), copy.parameters());
    copy.setAdaptersEnabled(adaptersEnabled);
    return copy;
  }

  private boolean adaptersEnabled = true;

  @Override
  public boolean hasAdapters() {
    return lora != null;
  }

  @Override
  public void setAdaptersEnabled(boolean enabled) {
    adaptersEnabled = enabled;
    net.setAdaptersEnabled(enabled);
  }

  @Override
  public void save(Path dir) throws IOException {
    ModelFiles.save(dir, new Manifest(FORMAT, VERSION, net.config(), lora), parameters());
  }

  /** Copies the values saved in {@code dir} into this network (same config and adapters required). */
  @Override
  public void load(Path dir) throws IOException {
    ModelFiles.loadInto(dir, parameters(), manager);
  }

  @Override
  public void close() {
    manager.close();
  }
}
