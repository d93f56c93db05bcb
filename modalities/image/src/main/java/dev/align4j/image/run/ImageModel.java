package dev.align4j.image.run;

import ai.djl.ndarray.NDManager;
import dev.align4j.core.util.UserError;
import dev.align4j.diffusion.CaptionEncoder;
import dev.align4j.diffusion.Denoiser;
import dev.align4j.diffusion.IdentityCodec;
import dev.align4j.diffusion.LatentCodec;
import dev.align4j.diffusion.NoiseSchedule;
import dev.align4j.diffusion.SamplerConfig;
import dev.align4j.image.diffusion.ImageGenerator;
import dev.align4j.image.shapes.ShapesBaseModel;
import dev.align4j.image.shapes.ShapesImageWorld;
import dev.align4j.image.torchscript.SdModel;
import dev.align4j.image.torchscript.SdModelFiles;
import dev.align4j.image.unet.UNetDenoiser;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A loaded text-to-image model, whatever its source: the denoiser to tune, its frozen caption encoder and
 * latent codec, its noise schedule and the sampler settings it is judged with.
 *
 * @param codec the identity for pixel-space models
 * @param shapesWorld true when captions come from the shapes world, so its checker can judge samples
 */
public record ImageModel(String name, Denoiser denoiser, CaptionEncoder captions, LatentCodec codec,
    NoiseSchedule schedule, SamplerConfig sampler, int resolution, boolean shapesWorld, AutoCloseable owner)
    implements AutoCloseable {

  /** Generation with {@code policy} (this model's denoiser or a tuned copy) and this model's other parts. */
  public ImageGenerator generator(Denoiser policy) {
    return new ImageGenerator(policy, captions, schedule, codec instanceof IdentityCodec ? null : codec);
  }

  /**
   * Loads {@code model.base}: {@code embedded:shapes} (from {@code modelsDir}, else the cache, else trained once),
   * an align4j UNet directory, a TorchScript SD directory, or a tuned shapes UNet alone ({@code config.json} +
   * {@code model.params}: a run's {@code final/} or a checkpoint's {@code model/}), which takes the base model's
   * caption encoder and schedule: training can continue from an earlier run (SFT, then DPO).
   */
  public static ImageModel load(ImageModelConfig config, Path baseDir, Path modelsDir, NDManager manager,
      PrintStream log) {
    String base = config.base();
    if (base.startsWith("embedded:")) {
      if (!base.equals(ShapesImageWorld.REF)) {
        throw new UserError("config: unknown embedded model '" + base + "' (known: " + ShapesImageWorld.REF + ")");
      }
      return shapes(ShapesImageWorld.MODEL_NAME,
          ShapesImageWorld.load(ShapesImageWorld.baseModelDir(modelsDir, log), manager), config);
    }
    Path dir = baseDir.resolve(base);
    if (Files.isRegularFile(dir.resolve(SdModelFiles.MANIFEST))) {
      SdModelFiles files = SdModelFiles.read(dir);
      SdModel sd = files.open(manager.getDevice());
      int resolution = config.resolution() == null ? files.resolution() : config.resolution();
      return new ImageModel(dir.getFileName().toString(), sd.unet(), sd.textEncoder(), sd.vae(), files.schedule(),
          SamplerConfig.ddim(20, 0.0, 5.0), resolution, false, sd);
    }
    if (Files.isRegularFile(dir.resolve("model_index.json"))) {
      return shapes(dir.getFileName().toString(), ShapesImageWorld.load(dir, manager), config);
    }
    if (Files.isRegularFile(dir.resolve("config.json")) && Files.isRegularFile(dir.resolve("model.params"))) {
      return tuned(dir, config, modelsDir, manager, log);
    }
    throw new UserError("config: model.base " + dir + " is neither a directory with model.json (TorchScript) "
        + "nor one with model_index.json (an align4j UNet) nor a run's final/ or checkpoint model (config.json + "
        + "model.params), nor embedded:shapes");
  }

  /** A model to sample from, named as a user would (as {@code model.base}, relative to the working directory). */
  public static ImageModel policy(String spec, Path modelsDir, NDManager manager, PrintStream log) {
    return load(ImageModelConfig.of(spec), Path.of("").toAbsolutePath(), modelsDir, manager, log);
  }

  /** A tuned shapes UNet alone: the base model's caption encoder and schedule, this UNet. */
  private static ImageModel tuned(Path dir, ImageModelConfig config, Path modelsDir, NDManager manager,
      PrintStream log) {
    ImageModel base = load(new ImageModelConfig(ShapesImageWorld.REF, config.resolution(), null, null, null), dir,
        modelsDir, manager, log);
    UNetDenoiser unet = UNetDenoiser.load(dir, manager);
    return new ImageModel(dir.toString(), unet, base.captions(), base.codec(), base.schedule(), base.sampler(),
        base.resolution(), true, () -> {
          unet.close();
          base.close();
        });
  }

  private static ImageModel shapes(String name, ShapesBaseModel m, ImageModelConfig config) {
    int resolution = config.resolution() == null ? ShapesImageWorld.IMAGE_SIZE : config.resolution();
    if (resolution != m.unet().sampleShape()[1]) {
      throw new UserError("config: model.resolution " + resolution + " but the shapes UNet works at "
          + m.unet().sampleShape()[1] + " pixels");
    }
    return new ImageModel(name, m.unet(), m.encoder(), new IdentityCodec(), m.schedule(), m.sampler(), resolution,
        true, m);
  }

  @Override
  public void close() {
    try {
      owner.close();
    } catch (Exception e) {
      throw new IllegalStateException("closing " + name, e);
    }
  }
}
