package dev.align4j.rewards;

import dev.align4j.core.media.Image;
import dev.align4j.core.media.MediaCodec;
import dev.align4j.core.media.MediaDecodeException;
import dev.align4j.rewards.image.ClipPreprocessor;
import dev.align4j.rewards.image.StretchBilinearPreprocessor;
import dev.align4j.rewards.manifest.Preprocessing;
import dev.align4j.rewards.onnx.SessionConfig;
import dev.align4j.rewards.service.BadImageException;
import dev.align4j.rewards.service.ImageDecoding;
import dev.align4j.rewards.service.ModelSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The pieces wired together: a registry over a models directory with the Pillow-exact CLIP preprocessing (and
 * nsfwjs's TensorFlow bilinear resize for {@code stretch_bilinear} models),
 * the real image decoder, and the scoring service's seams over both.
 */
public final class Rewards {
  private Rewards() {}

  /** The built-in models: {@code $ALIGN4J_HOME/models} (set by bin/align4j), else {@code ./models}. */
  public static Path defaultModelsDir() {
    String home = System.getenv("ALIGN4J_HOME");
    return home == null || home.isBlank() ? Path.of("models") : Path.of(home, "models");
  }

  /** A registry over {@code dir} with the real preprocessing. */
  public static RewardRegistry registry(Path dir, SessionConfig session) {
    if (!Files.isDirectory(dir)) {
      throw new dev.align4j.core.util.UserError(dir + ": no such models directory (--models-dir)");
    }
    return RewardRegistry.builder(dir).session(session).preprocessors(Rewards::preprocessor).build();
  }

  /** The preprocessing a manifest asks for: CLIP's (crop or pad) or nsfwjs's ({@code stretch_bilinear}). */
  public static ImagePreprocessor preprocessor(Preprocessing spec) {
    if (spec.mode() == Preprocessing.Mode.STRETCH_BILINEAR) {
      return new StretchBilinearPreprocessor(spec.size(), spec.mean(), spec.std());
    }
    ClipPreprocessor.Fit fit = spec.mode() == Preprocessing.Mode.HPS_PAD
        ? ClipPreprocessor.Fit.PAD : ClipPreprocessor.Fit.CENTER_CROP;
    return new ClipPreprocessor(fit, spec.size(), spec.mean(), spec.std());
  }

  /** The scoring service's model source over a registry. */
  public static ModelSource source(RewardRegistry registry) {
    return new ModelSource() {
      @Override
      public Set<String> names() {
        return new LinkedHashSet<>(registry.names());
      }

      @Override
      public RewardModel open(String name) {
        return registry.open(name);
      }

      @Override
      public String description(String name) {
        return registry.description(name);
      }
    };
  }

  /** The scoring service's decoder: OpenCV through JavaCV, Pillow-compatible. */
  public static ImageDecoding decoding() {
    return bytes -> {
      try {
        return MediaCodec.decodeImage(bytes);
      } catch (MediaDecodeException e) {
        throw new BadImageException(e.getMessage(), e);
      }
    };
  }
}
