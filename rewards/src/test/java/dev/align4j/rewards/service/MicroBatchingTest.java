package dev.align4j.rewards.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.align4j.core.media.Image;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Concurrent requests share model calls; a full queue refuses at once instead of blocking. */
@Timeout(30)
class MicroBatchingTest {

  @Test
  void concurrentRequestsEndUpInBatchesLargerThanOne() throws Exception {
    FakeSource source = new FakeSource().add("slow", 40);
    try (ScoringService service = ScoringService.builder(source, new RawImages()).models("slow").port(0)
        .maxBatchSize(8).maxWaitMs(20).threads(16).build().start()) {
      TestClient client = new TestClient(service.port());
      List<CompletableFuture<TestClient.Response>> replies = new ArrayList<>();
      List<Image> images = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        Image image = RawImages.random(i, 3, 3);
        images.add(image);
        String body = TestClient.body("slow", "prompt " + i, List.of(image));
        replies.add(CompletableFuture.supplyAsync(() -> post(client, body)));
      }
      for (int i = 0; i < 16; i++) {
        TestClient.Response r = replies.get(i).get(20, TimeUnit.SECONDS);
        assertEquals(200, r.status(), r.body());
        assertEquals(FakeModel.expected("prompt " + i, images.get(i)), r.json().get("scores").get(0).floatValue());
      }
      String metrics = client.get("/metrics").body();
      double calls = TestClient.metric(metrics, "align4j_batch_size_count{reward=\"slow\"}");
      double scored = TestClient.metric(metrics, "align4j_batch_size_sum{reward=\"slow\"}");
      assertEquals(16, scored, metrics);
      assertTrue(calls < 16, "16 images in " + calls + " model calls");
      assertTrue(TestClient.metric(metrics, "align4j_batch_size_bucket{reward=\"slow\",le=\"1.0\"}") < calls,
          "some batch held more than one image:\n" + metrics);
      FakeModel model = source.opened.get("slow");
      assertTrue(Collections.max(model.batchSizes) > 1, model.batchSizes.toString());
      assertTrue(Collections.max(model.batchSizes) <= 8, model.batchSizes.toString());
    }
  }

  @Test
  void aRequestLargerThanABatchSpansBatchesInOrder() throws Exception {
    FakeSource source = new FakeSource().add("m", 0);
    try (ScoringService service = ScoringService.builder(source, new RawImages()).models("m").port(0)
        .maxBatchSize(2).maxWaitMs(0).build().start()) {
      List<Image> images = new ArrayList<>();
      for (int i = 0; i < 5; i++) images.add(RawImages.random(10 + i, 2, 2));
      TestClient.Response r = new TestClient(service.port()).post("/v1/score", TestClient.body("m", "p", images));
      assertEquals(200, r.status(), r.body());
      JsonNode scores = r.json().get("scores");
      for (int i = 0; i < 5; i++) assertEquals(FakeModel.expected("p", images.get(i)), scores.get(i).floatValue());
      assertEquals(List.of(2, 2, 1), source.opened.get("m").batchSizes);
    }
  }

  @Test
  void aFullQueueAnswers503AtOnceAndRecovers() throws Exception {
    FakeSource source = new FakeSource().add("gated", 0);
    try (ScoringService service = ScoringService.builder(source, new RawImages()).models("gated").port(0)
        .maxBatchSize(1).maxWaitMs(0).queueCapacity(4).maxImages(4).threads(8).build().start()) {
      TestClient client = new TestClient(service.port());
      FakeModel model = source.opened.get("gated");
      CountDownLatch gate = new CountDownLatch(1);
      model.gate = gate;
      Image image = RawImages.random(7, 2, 2);

      // One request held inside the model, four images filling the queue.
      CompletableFuture<TestClient.Response> held =
          CompletableFuture.supplyAsync(() -> post(client, TestClient.body("gated", "first", List.of(image))));
      assertTrue(model.entered.await(10, TimeUnit.SECONDS));
      CompletableFuture<TestClient.Response> queued = CompletableFuture.supplyAsync(
          () -> post(client, TestClient.body("gated", "second", Collections.nCopies(4, image))));
      while (TestClient.metric(client.get("/metrics").body(), "align4j_queue_depth{reward=\"gated\"}") < 4) {
        Thread.sleep(5);
      }

      long start = System.nanoTime();
      TestClient.Response refused = client.post("/v1/score", TestClient.body("gated", "third", List.of(image)));
      assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5), "refused at once, not blocked");
      ScoringServiceTest.assertError(refused, 503, "reward 'gated' is at capacity (4 of 4 images queued)");
      assertEquals("1", refused.raw().headers().firstValue("Retry-After").orElse(""));
      String metrics = client.get("/metrics").body();
      assertEquals(1, TestClient.metric(metrics,
          "align4j_http_errors_total{endpoint=\"/v1/score\",kind=\"queue_full\"}"));

      gate.countDown();
      assertEquals(200, held.get(10, TimeUnit.SECONDS).status());
      TestClient.Response second = queued.get(10, TimeUnit.SECONDS);
      assertEquals(200, second.status(), second.body());
      assertEquals(4, second.json().get("scores").size());
      assertEquals(FakeModel.expected("second", image), second.json().get("scores").get(3).floatValue());
      assertEquals(200, client.post("/v1/score", TestClient.body("gated", "fourth", List.of(image))).status());
      assertFalse(model.misuse.get());
    }
  }

  @Test
  void aRequestThatWaitsTooLongGets503AndIsNeverScored() throws Exception {
    FakeSource source = new FakeSource().add("gated", 0);
    try (ScoringService service = ScoringService.builder(source, new RawImages()).models("gated").port(0)
        .maxBatchSize(1).maxWaitMs(0).requestTimeoutMs(300).build().start()) {
      TestClient client = new TestClient(service.port());
      FakeModel model = source.opened.get("gated");
      CountDownLatch gate = new CountDownLatch(1);
      model.gate = gate;
      Image image = RawImages.random(8, 2, 2);
      CompletableFuture<TestClient.Response> held =
          CompletableFuture.supplyAsync(() -> post(client, TestClient.body("gated", "held", List.of(image))));
      assertTrue(model.entered.await(10, TimeUnit.SECONDS));
      TestClient.Response waited = client.post("/v1/score", TestClient.body("gated", "queued", List.of(image)));
      ScoringServiceTest.assertError(waited, 503, "reward 'gated' gave no answer within 300 ms");
      ScoringServiceTest.assertError(held.get(10, TimeUnit.SECONDS), 503, "gave no answer");

      gate.countDown();
      TestClient.Response later = client.post("/v1/score", TestClient.body("gated", "later", List.of(image)));
      assertEquals(200, later.status(), later.body());
      assertEquals(List.of(1, 1), model.batchSizes, "the abandoned queued request was skipped, not scored");
      String metrics = client.get("/metrics").body();
      assertEquals(2, TestClient.metric(metrics, "align4j_http_errors_total{endpoint=\"/v1/score\",kind=\"timeout\"}"));
    }
  }

  static TestClient.Response post(TestClient client, String body) {
    try {
      return client.post("/v1/score", body);
    } catch (Exception e) {
      throw new RuntimeException(e);
    }
  }
}
