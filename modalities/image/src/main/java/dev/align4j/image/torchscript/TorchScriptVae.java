package dev.align4j.image.torchscript;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import com.google.common.base.Preconditions;
import dev.align4j.core.util.UserError;
import dev.align4j.diffusion.LatentCodec;
import dev.align4j.losses.Scalars;
import java.nio.file.Path;

/**
 * A frozen VAE as TorchScript modules: the encoder maps images {@code [B, 3, H, W]} in [-1, 1] to the
 * posterior's mean {@code [B, C, h, w]} (a tuple's first element), which is multiplied by
 * {@code scaling_factor} (0.18215 for Stable Diffusion 1.x/2.x, 0.13025 for SDXL); the optional decoder maps
 * {@code latents / scaling_factor} back to images. Using the mean rather than a posterior sample keeps each
 * image's latent fixed, so it is encoded once and cached.
 */
public final class TorchScriptVae implements LatentCodec {
  private final ScriptModule encoder;
  private final ScriptModule decoder;
  private final double scalingFactor;

  private TorchScriptVae(ScriptModule encoder, ScriptModule decoder, double scalingFactor) {
    this.encoder = encoder;
    this.decoder = decoder;
    this.scalingFactor = scalingFactor;
  }

  /**
   * Loads the encoder and, when {@code decoderFile} is not null, the decoder.
   *
   * @param device where the modules run (null: the engine's default)
   */
  public static TorchScriptVae load(Path encoderFile, Path decoderFile, double scalingFactor, Device device) {
    Preconditions.checkArgument(scalingFactor > 0 && Double.isFinite(scalingFactor), "scaling factor %s",
        scalingFactor);
    ScriptModule enc = ScriptModule.load(encoderFile, false, device, "VAE encoder");
    try {
      ScriptModule dec = decoderFile == null ? null : ScriptModule.load(decoderFile, false, device, "VAE decoder");
      return new TorchScriptVae(enc, dec, scalingFactor);
    } catch (RuntimeException e) {
      enc.close();
      throw e;
    }
  }

  public double scalingFactor() {
    return scalingFactor;
  }

  @Override
  public NDArray encode(NDArray images) {
    Preconditions.checkArgument(images.getShape().dimension() == 4 && images.getShape().get(1) == 3,
        "images must be [B, 3, H, W], got %s", images.getShape());
    NDArray mean = encoder.infer(new NDList(images));
    if (mean.getShape().dimension() != 4 || mean.getShape().get(0) != images.getShape().get(0)) {
      throw new UserError("VAE encoder " + encoder.file() + " returned " + mean.getShape() + " for images "
          + images.getShape() + "; expected the latent mean [B, C, h, w]");
    }
    return mean.mul(Scalars.of(scalingFactor));
  }

  @Override
  public NDArray decode(NDArray samples) {
    if (decoder == null) throw new UnsupportedOperationException("no VAE decoder was given");
    return decoder.infer(new NDList(samples.div(Scalars.of(scalingFactor))));
  }

  /** Whether {@link #decode} works. */
  public boolean canDecode() {
    return decoder != null;
  }

  @Override
  public void close() {
    encoder.close();
    if (decoder != null) decoder.close();
  }

  @Override
  public String toString() {
    return "TorchScriptVae[" + encoder.file() + ", scaling " + scalingFactor + "]";
  }
}
