package dev.align4j.video.unet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.align4j.core.train.NamedParameter;
import dev.align4j.core.util.UserError;
import dev.align4j.diffusion.Conditioning;
import dev.align4j.diffusion.Denoiser;
import dev.align4j.diffusion.Prediction;
import dev.align4j.image.unet.ModelFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The {@link VideoUNet} as a {@link Denoiser} over clips {@code [B, C, F, H, W]} and as a policy: named
 * parameters, a frozen copy, and a directory form ({@code config.json} with the {@link VideoUNetConfig},
 * {@code model.params}; the image UNet's {@link ModelFiles}). No LoRA adapters: the network is small enough to
 * tune whole. Owns the manager its parameters live in.
 */
public final class VideoUNetDenoiser implements Denoiser {
  static final String FORMAT = "align4j-video-unet";
  static final int VERSION = 1;

  /** What {@code config.json} holds. */
  record Manifest(
      @JsonProperty("format") String format,
      @JsonProperty("version") int version,
      @JsonProperty("unet") VideoUNetConfig unet) {}

  private final VideoUNet net;
  private final NDManager manager;
  private final ParameterStore store;

  private VideoUNetDenoiser(VideoUNet net, NDManager manager) {
    this.net = net;
    this.manager = manager;
    this.store = new ParameterStore(manager, false);
  }

  /** A new network with weights drawn from {@code seed}, in a sub-manager of {@code parent}. */
  public static VideoUNetDenoiser create(VideoUNetConfig config, long seed, NDManager parent) {
    NDManager m = parent.newSubManager();
    return new VideoUNetDenoiser(VideoUNet.create(config, seed, m), m);
  }

  /** Loads a directory written by {@link #save}; parameters come back trainable. */
  public static VideoUNetDenoiser load(Path dir, NDManager parent) {
    Manifest manifest = ModelFiles.readManifest(dir, Manifest.class, "video UNet");
    if (!FORMAT.equals(manifest.format()) || manifest.version() != VERSION || manifest.unet() == null) {
      throw new UserError(dir.resolve(ModelFiles.CONFIG) + ": not an " + FORMAT + " v" + VERSION + " model (format "
          + manifest.format() + ", version " + manifest.version() + ")");
    }
    VideoUNetDenoiser d = create(manifest.unet(), 0, parent);
    try {
      ModelFiles.loadInto(dir, d.parameters(), d.manager);
      return d;
    } catch (RuntimeException e) {
      d.close();
      throw e;
    }
  }

  public VideoUNetConfig config() {
    return net.config();
  }

  @Override
  public NDArray predict(NDArray sample, NDArray timesteps, Conditioning conditioning, boolean training) {
    return net.forward(store, sample, timesteps, conditioning.requireCaptions(this), training);
  }

  /** Channels, frames, height, width. */
  @Override
  public int[] sampleShape() {
    VideoUNetConfig c = net.config();
    return new int[] {c.inChannels(), c.numFrames(), c.sampleSize(), c.sampleSize()};
  }

  @Override
  public Prediction prediction() {
    return net.config().prediction();
  }

  @Override
  public List<NamedParameter> parameters() {
    return NamedParameter.of(net.getParameters());
  }

  /** How many numbers the network learns. */
  public long parameterCount() {
    return parameters().stream().mapToLong(p -> p.array().getShape().size()).sum();
  }

  /** A deep copy whose parameters never get gradients. */
  @Override
  public VideoUNetDenoiser frozenCopy() {
    VideoUNetDenoiser copy = create(net.config(), 0, manager);
    NamedParameter.copyFrozen(parameters(), copy.parameters());
    return copy;
  }

  @Override
  public boolean hasAdapters() {
    return false;
  }

  @Override
  public void setAdaptersEnabled(boolean enabled) {
    if (!enabled) throw new UserError("the video UNet has no LoRA adapters to disable; use reference.mode frozen_copy");
  }

  @Override
  public void save(Path dir) throws IOException {
    ModelFiles.save(dir, new Manifest(FORMAT, VERSION, net.config()), parameters());
  }

  /** Copies the values saved in {@code dir} into this network (same config required). */
  @Override
  public void load(Path dir) throws IOException {
    ModelFiles.loadInto(dir, parameters(), manager);
  }

  @Override
  public String toString() {
    return "VideoUNet" + net.config().blockChannels() + "x" + net.config().numFrames() + "f";
  }

  @Override
  public void close() {
    manager.close();
  }
}
