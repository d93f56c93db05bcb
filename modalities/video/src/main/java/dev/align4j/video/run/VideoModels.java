package dev.align4j.video.run;

import ai.djl.ndarray.NDManager;
import dev.align4j.core.util.UserError;
import dev.align4j.video.world.ShapesVideoWorld;
import dev.align4j.video.world.VideoBaseModel;
import java.io.PrintStream;
import java.nio.file.Path;

/** Finds and loads the model a video run's {@code model.base} names. */
final class VideoModels {
  private VideoModels() {}

  /**
   * {@code embedded:moving-shapes} (from {@code modelsDir}, else the cache, else pre-trained once and cached) or a
   * model directory relative to {@code baseDir}.
   */
  static VideoBaseModel load(VideoModelConfig config, Path baseDir, Path modelsDir, NDManager manager,
      PrintStream log) {
    String base = config.base();
    if (base.startsWith("embedded:")) {
      if (!base.equals(ShapesVideoWorld.REF)) {
        throw new UserError("config: unknown embedded video model '" + base + "' (known: " + ShapesVideoWorld.REF
            + ")");
      }
      return VideoBaseModel.load(VideoBaseModel.baseModelDir(modelsDir, log), manager);
    }
    Path dir = baseDir.resolve(base);
    if (!VideoBaseModel.isModelDir(dir)) {
      throw new UserError("config: model.base " + dir + " is not a moving-shapes video model directory (with "
          + "model_index.json, unet/ and caption_encoder/) nor " + ShapesVideoWorld.REF);
    }
    return VideoBaseModel.load(dir, manager);
  }
}
