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

  /** A deployment is asked in its own words: templates inline and from a file, the rest left at the defaults. */
  @Test
  void judgeJsonTemplatesReachTheEndpoint() throws Exception {
    try (FakeChatServer server = new FakeChatServer()) {
      List<String> asked = new java.util.concurrent.CopyOnWriteArrayList<>();
      server.respond(r -> {
        asked.add(r.text());
        return FakeChatServer.answer(r.images().size() == 2 ? "Image 1 is better." : "Final Score: 4");
      });
      Path dir = Files.createDirectories(models.resolve("ur"));
      Files.writeString(dir.resolve("pairwise.txt"), "Which image shows [{caption}]? Say \"Image N is better.\"\n");
      Files.writeString(dir.resolve("judge.json"), "{\"name\": \"ur\", \"base_url\": \"" + server.baseUrl()
          + "\", \"model\": \"m\", \"templates\": {\"image_pointwise\": \"Rate [{caption}] 1-5. Final Score:\"},"
          + " \"template_files\": {\"image_pairwise\": \"pairwise.txt\"}}");
      try (RewardModel judge = Rewards.registry(models, SessionConfig.cpu()).open("ur")) {
        judge.compare("a red circle", pixel(10), pixel(200));
        judge.score("a red circle", List.of(pixel(10)));
      }
      assertEquals(List.of("Which image shows [a red circle]? Say \"Image N is better.\"",
          "Rate [a red circle] 1-5. Final Score:"), asked);
    }
    JudgeManifest defaults = JudgeManifest.read(writeJudge("d", ""));
    assertEquals(UnifiedRewardPrompts.Templates.defaults(), defaults.prompts());
  }

  @Test
  void badTemplatesAreOneLine() throws Exception {
    Path noCaption = writeJudge("a", ", \"templates\": {\"image_pairwise\": \"Which is better?\"}");
    assertEquals(noCaption + ": template 'image_pairwise' has no {caption} placeholder",
        assertThrows(UserError.class, () -> JudgeManifest.read(noCaption)).getMessage());
    Path unknown = writeJudge("b", ", \"templates\": {\"image_pairwse\": \"[{caption}]\"}");
    String message = assertThrows(UserError.class, () -> JudgeManifest.read(unknown)).getMessage();
    assertTrue(message.startsWith(unknown + ": unknown template 'image_pairwse'; did you mean 'image_pairwise'"),
        message);
    Path missing = writeJudge("c", ", \"template_files\": {\"video_pointwise\": \"nope.txt\"}");
    assertEquals(missing + ": template_files.video_pointwise: cannot read " + missing.getParent().resolve("nope.txt"),
        assertThrows(UserError.class, () -> JudgeManifest.read(missing)).getMessage());
  }

  private Path writeJudge(String name, String extra) throws Exception {
    Path dir = Files.createDirectories(models.resolve(name));
    return Files.writeString(dir.resolve("judge.json"), "{\"name\": \"" + name
        + "\", \"base_url\": \"http://127.0.0.1:1/v1\", \"model\": \"m\"" + extra + "}");
  }
}
