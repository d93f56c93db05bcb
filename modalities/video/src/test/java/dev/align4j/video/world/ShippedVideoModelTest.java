package dev.align4j.video.world;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import dev.align4j.core.media.Video;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The base video model shipped in models/shapes-video-unet: it is current, loads, and its clips for the build's
 * held-out prompts (the same prompts, seeds and sampler) score per level what its build recorded in
 * model_index.json. The recorded figures are also what docs/video.md quotes as the starting point of tuning.
 */
class ShippedVideoModelTest {
  /** The repository's models/ directory, found upwards from the working directory. */
  static Path modelsDir() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !(Files.isDirectory(dir.resolve("models")) && Files.isDirectory(dir.resolve("modalities")))) {
      dir = dir.getParent();
    }
    if (dir == null) {
      throw new IllegalStateException("no repository root (models/, modalities/) above the working directory");
    }
    return dir.resolve("models");
  }

  @Test
  void theShippedModelIsCurrentAndItsClipsScoreWhereItsBuildRecorded() {
    Path dir = modelsDir().resolve(ShapesVideoWorld.MODEL_NAME);
    assertTrue(VideoBaseModel.isCurrent(dir), dir + " is missing or stale: regenerate it (docs/video.md)");
    Map<String, Object> recorded = VideoBaseModel.recordedEvaluation(dir);
    int n = ((Number) recorded.get("prompts")).intValue();
    ClipEvaluation score;
    try (NDManager m = NDManager.newBaseManager(); VideoBaseModel model = VideoBaseModel.load(dir, m)) {
      List<Video> clips = model.generateHeldOut(n, m);
      score = ClipEvaluation.of(clips, ShapesVideoWorld.heldOutPrompts(n));
    }
    System.out.println("shipped base video model: " + score + " (recorded: " + recorded + ")");
    // Same prompts, seeds and batch as the build: the clips agree up to float noise, which may move a
    // borderline track by a pixel, hence a tolerance rather than equality.
    assertEquals(number(recorded, "instance"), score.instance(), 0.03, "instance");
    assertEquals(number(recorded, "state"), score.state(), 0.03, "state");
    assertEquals(number(recorded, "motion"), score.motion(), 0.03, "motion");
    assertEquals(number(recorded, "semantic"), score.semantic(), 0.03, "semantic");
    assertTrue(score.instance() > 0.3, "the base model should draw the captioned shapes: " + score);
  }

  private static double number(Map<String, Object> m, String key) {
    return ((Number) m.get(key)).doubleValue();
  }
}
