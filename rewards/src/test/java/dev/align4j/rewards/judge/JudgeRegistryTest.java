package dev.align4j.rewards.judge;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.core.media.Image;
import dev.align4j.core.util.UserError;
import dev.align4j.rewards.RewardModel;
import dev.align4j.rewards.RewardRegistry;
import dev.align4j.rewards.Rewards;
import dev.align4j.rewards.onnx.SessionConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A judge.json directory makes a UnifiedReward judge a registry model, served like any other. */
class JudgeRegistryTest {
  @TempDir Path models;

  private static Image pixel(int v) {
    return new Image(1, 1, new byte[] {(byte) v, (byte) v, (byte) v});
  }

  @Test
  void aJudgeDirectoryOpensAUnifiedRewardJudge() throws Exception {
    try (FakeChatServer server = new FakeChatServer()) {
      server.respond(r -> FakeChatServer.answer("Image 2 is better."));
      Files.createDirectories(models.resolve("unifiedreward"));
      Files.writeString(models.resolve("unifiedreward/judge.json"), "{\"name\": \"unifiedreward\", \"description\": "
          + "\"UnifiedReward behind vLLM\", \"base_url\": \"" + server.baseUrl() + "\", \"model\": \"UnifiedReward\", "
          + "\"timeout_seconds\": 5}");
      RewardRegistry registry = Rewards.registry(models, SessionConfig.cpu());
      assertEquals(List.of("unifiedreward"), registry.names());
      assertEquals("UnifiedReward behind vLLM", registry.description("unifiedreward"));
      try (RewardModel judge = registry.open("unifiedreward")) {
        RewardModel.Comparison c = judge.compare("a cat", pixel(10), pixel(200));
        assertEquals(1, c.preferred());
        assertArrayEquals(new double[] {0, 1}, c.probabilities(), 0);
      }
    }
  }

  @Test
  void aBadJudgeFileIsOneLine() throws Exception {
    Files.createDirectories(models.resolve("j"));
    Files.writeString(models.resolve("j/judge.json"), "{\"name\": \"j\", \"base_ur\": \"x\", \"model\": \"m\"}");
    UserError e = assertThrows(UserError.class, () -> Rewards.registry(models, SessionConfig.cpu()).open("j"));
    assertTrue(e.getMessage().contains("unknown field 'base_ur'; did you mean 'base_url'?"), e.getMessage());
  }
}
