package dev.align4j.rewards.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.align4j.core.media.Image;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A bounded load test on loopback: 2,000 scoring requests from 32 concurrent clients, every answer checked
 * against the fake model's function, none lost, batching visible in the metrics. Prints throughput and latency.
 */
@Timeout(60)
class LoadTest {
  private static final int REQUESTS = 2_000;
  private static final int CLIENTS = 32;
  private static final int WARMUP = 200;

  @Test
  void twoThousandRequestsFrom32ClientsAllAnsweredCorrectly() throws Exception {
    FakeSource source = new FakeSource().add("fake", 2); // a model call costs 2 ms, whatever the batch size
    try (ScoringService service = ScoringService.builder(source, new RawImages()).models("fake").port(0)
        .threads(CLIENTS).maxBatchSize(32).maxWaitMs(2).build().start()) {
      TestClient client = new TestClient(service.port());
      List<Image> pool = new ArrayList<>();
      for (int i = 0; i < 64; i++) pool.add(RawImages.random(100 + i, 8, 8));

      run(client, pool, WARMUP, new long[WARMUP], new ConcurrentLinkedQueue<>());
      String before = client.get("/metrics").body();

      long[] latencies = new long[REQUESTS];
      ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
      long start = System.nanoTime();
      int images = run(client, pool, REQUESTS, latencies, failures);
      double seconds = (System.nanoTime() - start) / 1e9;

      assertTrue(failures.isEmpty(), failures.size() + " failures, e.g. " + failures.peek());
      String after = client.get("/metrics").body();
      String ok = "align4j_http_requests_total{endpoint=\"/v1/score\",status=\"200\"}";
      assertEquals(REQUESTS, TestClient.metric(after, ok) - TestClient.metric(before, ok), "none lost");
      String sum = "align4j_batch_size_sum{reward=\"fake\"}";
      String count = "align4j_batch_size_count{reward=\"fake\"}";
      double scored = TestClient.metric(after, sum) - TestClient.metric(before, sum);
      double calls = TestClient.metric(after, count) - TestClient.metric(before, count);
      assertEquals(images, scored, "every image scored exactly once");
      assertTrue(calls < images / 2.0, images + " images in " + calls + " model calls");
      assertFalse(source.opened.get("fake").misuse.get());

      Arrays.sort(latencies);
      System.out.printf("load test: %d requests (%d images) from %d clients in %.2f s: %.0f requests/s, "
              + "latency median %.2f ms, p99 %.2f ms, mean batch %.1f images over %.0f model calls%n",
          REQUESTS, images, CLIENTS, seconds, REQUESTS / seconds, latencies[REQUESTS / 2] / 1e6,
          latencies[(int) Math.ceil(REQUESTS * 0.99) - 1] / 1e6, scored / calls, calls);
    }
  }

  /** Sends {@code n} requests (1 to 3 images each) from {@link #CLIENTS} threads; returns the images sent. */
  private static int run(TestClient client, List<Image> pool, int n, long[] latencies,
                         ConcurrentLinkedQueue<String> failures) throws Exception {
    AtomicInteger next = new AtomicInteger();
    AtomicInteger images = new AtomicInteger();
    ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int c = 0; c < CLIENTS; c++) {
        done.add(clients.submit(() -> {
          for (int i; (i = next.getAndIncrement()) < n; ) {
            List<Image> sent = new ArrayList<>();
            for (int k = 0; k <= i % 3; k++) sent.add(pool.get((i * 7 + k) % pool.size()));
            images.addAndGet(sent.size());
            String prompt = "prompt number " + i;
            long t0 = System.nanoTime();
            try {
              TestClient.Response r = client.post("/v1/score", TestClient.body("fake", prompt, sent));
              latencies[i] = System.nanoTime() - t0;
              check(r, prompt, sent, failures);
            } catch (Exception e) {
              failures.add("request " + i + ": " + e);
            }
          }
          return null;
        }));
      }
      for (Future<?> f : done) f.get();
    } finally {
      clients.shutdown();
      clients.awaitTermination(10, TimeUnit.SECONDS);
    }
    return images.get();
  }

  private static void check(TestClient.Response r, String prompt, List<Image> sent,
                            ConcurrentLinkedQueue<String> failures) {
    if (r.status() != 200) {
      failures.add(prompt + ": HTTP " + r.status() + " " + r.body());
      return;
    }
    JsonNode scores = r.json().get("scores");
    if (scores == null || scores.size() != sent.size()) {
      failures.add(prompt + ": wrong number of scores in " + r.body());
      return;
    }
    for (int k = 0; k < sent.size(); k++) {
      if (scores.get(k).floatValue() != FakeModel.expected(prompt, sent.get(k))) {
        failures.add(prompt + ": image " + k + " scored " + scores.get(k) + ", expected "
            + FakeModel.expected(prompt, sent.get(k)));
      }
    }
  }
}
