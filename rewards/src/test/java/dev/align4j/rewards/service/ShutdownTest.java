package dev.align4j.rewards.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.core.media.Image;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Graceful shutdown: in-flight work finishes, new work is refused, models close last. */
@Timeout(30)
class ShutdownTest {
  private static final Image IMAGE = RawImages.random(5, 3, 3);

  @Test
  void inFlightRequestsFinishAndNewOnesAreRefused() throws Exception {
    FakeSource source = new FakeSource().add("slow", 600);
    ScoringService service = ScoringService.builder(source, new RawImages()).models("slow").port(0).build().start();
    TestClient client = new TestClient(service.port());
    FakeModel model = source.opened.get("slow");

    CompletableFuture<TestClient.Response> inFlight = CompletableFuture.supplyAsync(
        () -> MicroBatchingTest.post(client, TestClient.body("slow", "in flight", List.of(IMAGE))));
    assertTrue(model.entered.await(10, TimeUnit.SECONDS));
    CompletableFuture<Void> closing = CompletableFuture.runAsync(service::close);
    while (service.accepting()) Thread.sleep(1);

    TestClient fresh = new TestClient(service.port());
    try {
      TestClient.Response refused = fresh.post("/v1/score", TestClient.body("slow", "late", List.of(IMAGE)));
      ScoringServiceTest.assertError(refused, 503, "shutting down");
    } catch (IOException e) {
      // also a refusal: the listener was already closed
    }
    assertFalse(model.closed.get(), "the model stays open while a request is in flight");

    TestClient.Response done = inFlight.get(10, TimeUnit.SECONDS);
    assertEquals(200, done.status(), done.body());
    assertEquals(FakeModel.expected("in flight", IMAGE), done.json().get("scores").get(0).floatValue());
    closing.get(10, TimeUnit.SECONDS);
    assertTrue(model.closed.get());
    assertFalse(model.misuse.get(), "never called after close");
    assertThrows(IOException.class, () -> fresh.get("/health"));
    service.close(); // idempotent
  }

  @Test
  void aModelStillBusyAfterTheDrainTimeoutIsLeftOpen() throws Exception {
    FakeSource source = new FakeSource().add("stuck", 0);
    ScoringService service = ScoringService.builder(source, new RawImages()).models("stuck").port(0)
        .drainTimeoutMs(200).requestTimeoutMs(10_000).build().start();
    FakeModel model = source.opened.get("stuck");
    CountDownLatch gate = new CountDownLatch(1);
    model.gate = gate;
    TestClient client = new TestClient(service.port());
    CompletableFuture<TestClient.Response> stuck = CompletableFuture.supplyAsync(
        () -> MicroBatchingTest.post(client, TestClient.body("stuck", "p", List.of(IMAGE))));
    assertTrue(model.entered.await(10, TimeUnit.SECONDS));

    long start = System.nanoTime();
    service.close();
    assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5), "close is bounded by the drain timeout");
    assertFalse(model.closed.get(), "not closed under a running call");
    gate.countDown();
    assertTrue(stuck.handle((r, e) -> r == null || r.status() != 200).get(10, TimeUnit.SECONDS),
        "the cut-off request did not get a normal answer");
  }

  @Test
  void awaitCloseReturnsOnceClosed() throws Exception {
    FakeSource source = new FakeSource().add("m", 0);
    ScoringService service = ScoringService.builder(source, new RawImages()).models("m").port(0).build().start();
    CompletableFuture<Void> waiting = CompletableFuture.runAsync(() -> {
      try {
        service.awaitClose();
      } catch (InterruptedException e) {
        throw new RuntimeException(e);
      }
    });
    Thread.sleep(50);
    assertFalse(waiting.isDone());
    service.close();
    waiting.get(5, TimeUnit.SECONDS);
    assertTrue(source.opened.get("m").closed.get());
  }
}
