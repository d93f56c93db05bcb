package dev.align4j.image.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.align4j.core.media.Image;
import dev.align4j.core.media.MediaCodec;
import dev.align4j.core.shapes.CaptionedImage;
import dev.align4j.image.shapes.ShapesImageWorld;
import dev.align4j.rewards.RewardRegistry;
import dev.align4j.rewards.Rewards;
import dev.align4j.rewards.onnx.SessionConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code pairs:} section with {@code reference: true}: the caption's render joins the model's samples. */
class OnPolicyDataTest {
  @TempDir Path dir;

  @Test
  void referenceRendersJoinTheCandidatesAndBeatThreeStepSamples() throws IOException {
    PairsConfig cfg = new PairsConfig(4, 0, 2, "shapes-pick", 0.0, true, 8, 5L);
    RewardRegistry registry = Rewards.registry(ImageRunTest.MODELS, SessionConfig.cpu());
    try (NDManager m = NDManager.newBaseManager();
        ImageModel model = ImageModel.load(ImageModelConfig.of(ShapesImageWorld.REF), dir,
            ImageRunTest.MODELS, m, ImageRunTest.QUIET)) {
      // Three sampling steps give noise-like blobs: a faithful render outscores them for every prompt.
      OnPolicyData.build(cfg, model, ShapesImageWorld.sampler().withSteps(3), registry, dir, ImageRunTest.QUIET);
    }
    Map<String, Image> renders = new HashMap<>();
    Set<String> heldOut = new LinkedHashSet<>(ShapesImageWorld.heldOutPrompts(4096));
    for (CaptionedImage c : OnPolicyData.captioned(4, 5, heldOut)) {
      renders.put(c.caption(), c.image().pixels());
    }
    Path file = dir.resolve(OnPolicyData.TRAIN);
    List<String> rows = Files.readAllLines(file);
    assertEquals(4, rows.size());
    ObjectMapper json = new ObjectMapper();
    for (String line : rows) {
      JsonNode row = json.readTree(line);
      assertEquals(3, row.get("candidates").asInt(), "2 samples and the reference");
      Image render = renders.get(row.get("caption").asText());
      byte[] chosen = Files.readAllBytes(file.resolveSibling(row.get("chosen").asText()));
      assertArrayEquals(render.rgb(), MediaCodec.decodeImage(chosen).rgb(), "the render wins");
      assertTrue(row.get("chosen_score").asDouble() > row.get("rejected_score").asDouble());
    }
  }
}
