package dev.align4j.rewards.judge;

import static dev.align4j.rewards.judge.FakeChatServer.answer;
import static dev.align4j.rewards.judge.FakeChatServer.status;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.align4j.core.media.Image;
import dev.align4j.core.media.Video;
import dev.align4j.rewards.RewardModel.Comparison;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class UnifiedRewardJudgeTest {
  private static final Image A = Images.gradient(4, 3, 10);
  private static final Image B = Images.gradient(4, 3, 200);
  private FakeChatServer server;
  private UnifiedRewardJudge judge;

  @BeforeEach
  void start() throws Exception {
    server = new FakeChatServer();
    judge = judge(UnifiedRewardJudge.builder(client()));
  }

  @AfterEach
  void stop() {
    judge.close();
    server.close();
  }

  private JudgeClient client() {
    return JudgeClient.builder(server.baseUrl(), "UnifiedReward").timeout(Duration.ofSeconds(2)).maxRetries(0)
        .maxConcurrency(4).build();
  }

  private static UnifiedRewardJudge judge(UnifiedRewardJudge.Builder b) {
    return b.build();
  }

  /** Red value of an image's top-left pixel: the tests' stand-in for quality. */
  private static int quality(Image image) {
    return image.at(0, 0, 0);
  }

  @Test
  void compareSendsBothImagesThenTheCaptionedTemplate() {
    server.then(answer("Image 2 is better."));
    Comparison c = judge.compare("a red cube", A, B);
    assertArrayEquals(new double[] {0, 1}, c.probabilities());
    assertEquals(1, c.preferred());

    FakeChatServer.Received r = server.received().get(0);
    JsonNode content = r.content();
    assertEquals(List.of("image_url", "image_url", "text"),
        List.of(content.at("/0/type").asText(), content.at("/1/type").asText(), content.at("/2/type").asText()));
    List<Image> images = r.images();
    assertArrayEquals(A.rgb(), images.get(0).rgb());
    assertArrayEquals(B.rgb(), images.get(1).rgb());
    assertEquals(UnifiedRewardPrompts.fill(UnifiedRewardPrompts.IMAGE_PAIRWISE, "a red cube"), r.text());
    assertTrue(r.text().endsWith("Text Caption: [a red cube]"));
  }

  @Test
  void compareFirstAndTie() {
    server.then(answer("After careful thought: the first image is better."), answer("Both images are equally good."));
    Comparison first = judge.compare("p", A, B);
    assertArrayEquals(new double[] {1, 0}, first.probabilities());
    assertEquals(0, first.preferred());
    Comparison tie = judge.compare("p", A, B);
    assertArrayEquals(new double[] {0.5, 0.5}, tie.probabilities());
    assertEquals(0, tie.preferred());
  }

  @Test
  void bothOrdersTurnsPositionBiasIntoATie() {
    try (UnifiedRewardJudge j = judge(UnifiedRewardJudge.builder(client()).bothOrders(true))) {
      server.respond(r -> answer("Image 1 is better.")); // always the first position
      assertArrayEquals(new double[] {0.5, 0.5}, j.compare("p", A, B).probabilities());
      assertEquals(2, server.received().size());

      server.respond(r -> { // a consistent judge: prefers the higher-quality image wherever it stands
        List<Image> im = r.images();
        return answer(quality(im.get(0)) > quality(im.get(1)) ? "Image 1 is better." : "Image 2 is better.");
      });
      Comparison c = j.compare("p", A, B);
      assertArrayEquals(new double[] {0, 1}, c.probabilities());
      assertEquals(4, server.received().size());
    }
  }

  @Test
  void scoreAsksOncePerImageAndKeepsOrder() {
    server.respond(r -> answer("cube (object): 1\nFinal Score: " + (1 + quality(r.images().get(0)) / 64)));
    List<Image> images = List.of(Images.gradient(4, 3, 10), Images.gradient(4, 3, 70), Images.gradient(4, 3, 130),
        Images.gradient(4, 3, 200), Images.gradient(4, 3, 250));
    assertArrayEquals(new float[] {1, 2, 3, 4, 4}, judge.score("a red cube", images));
    assertEquals(5, server.received().size());
    for (FakeChatServer.Received r : server.received()) {
      assertEquals(1, r.images().size());
      assertEquals("image_url", r.content().at("/0/type").asText());
      assertEquals(UnifiedRewardPrompts.fill(UnifiedRewardPrompts.IMAGE_POINTWISE, "a red cube"), r.text());
    }
  }

  @Test
  void scoreBatchPairsPromptsWithImages() {
    server.respond(r -> answer("Final Score: " + (r.text().contains("[two]") ? 2 : 5)));
    assertArrayEquals(new float[] {5, 2}, judge.scoreBatch(List.of("one", "two"), List.of(A, B)));
  }

  @Test
  void unparseableAnswerIsAskedAgainThenFails() {
    server.then(answer("Hmm."), answer("Both have merits."), answer("Image 2 is better."));
    try (UnifiedRewardJudge j = judge(UnifiedRewardJudge.builder(client()).answerAttempts(3))) {
      assertEquals(1, j.compare("p", A, B).preferred());
    }
    assertEquals(3, server.received().size());

    server.then(answer("I cannot tell."));
    UnparseableJudgementException e = assertThrows(UnparseableJudgementException.class, () -> judge.compare("p", A, B));
    assertEquals("I cannot tell.", e.answer());
    assertEquals(4, server.received().size());
  }

  @Test
  void outOfRangeScoreFails() {
    server.respond(r -> answer("Final Score: 9"));
    assertThrows(UnparseableJudgementException.class, () -> judge.score("p", List.of(A, B)));
  }

  @Test
  void transportErrorsSurfaceFromScore() {
    server.respond(r -> status(400));
    JudgeException e = assertThrows(JudgeException.class, () -> judge.score("p", List.of(A)));
    assertEquals(400, e.status());
  }

  @Test
  void videoScoreSendsAllFramesAndUsesTheTenPointScale() {
    server.respond(r -> answer("visual quality: 3\ntemporal consistency: 4\nFinal Score: 8"));
    assertEquals(8f, judge.score("a cube spins", List.of(new Video(List.of(A, B, A), 8)))[0]);
    FakeChatServer.Received r = server.received().get(0);
    assertEquals(3, r.images().size());
    assertEquals(UnifiedRewardPrompts.fill(UnifiedRewardPrompts.VIDEO_POINTWISE, "a cube spins"), r.text());
  }

  @Test
  void videoCompareLabelsEachFrameGroup() {
    server.then(answer("Video 2 is better."));
    Comparison c = judge.compare("a cube spins", new Video(List.of(A, A), 8), new Video(List.of(B, B, B), 8));
    assertArrayEquals(new double[] {0, 1}, c.probabilities());
    JsonNode content = server.received().get(0).content();
    assertEquals(8, content.size());
    assertEquals("Video 1 frames:", content.at("/0/text").asText());
    assertEquals("Video 2 frames:", content.at("/3/text").asText());
    assertEquals(5, server.received().get(0).images().size());
    assertTrue(content.at("/7/text").asText().endsWith("Text Caption: [a cube spins]"));
  }
}
