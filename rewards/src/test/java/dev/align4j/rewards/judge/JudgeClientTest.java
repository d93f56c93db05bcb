package dev.align4j.rewards.judge;

import static dev.align4j.rewards.judge.FakeChatServer.answer;
import static dev.align4j.rewards.judge.FakeChatServer.raw;
import static dev.align4j.rewards.judge.FakeChatServer.status;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.align4j.core.media.Audio;
import dev.align4j.core.media.ContentPart;
import dev.align4j.core.media.Image;
import dev.align4j.core.media.Video;
import java.net.ServerSocket;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JudgeClientTest {
  private FakeChatServer server;
  private final List<Duration> sleeps = Collections.synchronizedList(new ArrayList<>());

  @BeforeEach
  void start() throws Exception {
    server = new FakeChatServer();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  /** A fast client that records its back-off pauses instead of sleeping. */
  private JudgeClient.Builder client() {
    return JudgeClient.builder(server.baseUrl(), "UnifiedReward").timeout(Duration.ofMillis(2000))
        .backoff(Duration.ofMillis(100), Duration.ofSeconds(5)).sleeper(sleeps::add);
  }

  @Test
  void sendsChatCompletionsRequestWithTextAndPngDataUrl() throws Exception {
    Image image = Images.gradient(5, 3, 40);
    server.then(answer("Image 1 is better."));
    JudgeClient c = client().apiKey("sk-test").maxTokens(77).build();

    assertEquals("Image 1 is better.", c.complete(List.of(image, ContentPart.text("caption"))));

    FakeChatServer.Received r = server.received().get(0);
    assertEquals("/v1/chat/completions", r.path());
    assertEquals("Bearer sk-test", r.header("Authorization"));
    assertTrue(r.header("Content-Type").startsWith("application/json"));
    JsonNode json = r.json();
    assertEquals("UnifiedReward", json.get("model").asText());
    assertEquals(0.0, json.get("temperature").asDouble());
    assertEquals(77, json.get("max_tokens").asInt());
    assertEquals(1, json.get("messages").size());
    assertEquals("user", json.at("/messages/0/role").asText());
    JsonNode content = r.content();
    assertEquals(2, content.size());
    assertEquals("image_url", content.at("/0/type").asText());
    String url = content.at("/0/image_url/url").asText();
    assertTrue(url.startsWith("data:image/png;base64,"), url);
    Image decoded = ImageDataUrl.decode(url);
    assertEquals(image.width(), decoded.width());
    assertEquals(image.height(), decoded.height());
    assertArrayEquals(image.rgb(), decoded.rgb());
    assertEquals("text", content.at("/1/type").asText());
    assertEquals("caption", content.at("/1/text").asText());
  }

  @Test
  void sendsVideosAsFramesAndAudioAsInlineWav() {
    Image frame = Images.gradient(4, 2, 10);
    server.then(answer("ok"));
    float[] samples = {0, 0.5f, -0.25f, 1 / 32768f};
    client().build().complete(List.of(new Video(List.of(frame, frame, frame), 8), new Audio(samples, 8000, 1),
        ContentPart.text("which?")));
    JsonNode content = server.received().get(0).content();
    assertEquals(5, content.size());
    for (int i = 0; i < 3; i++) assertEquals("image_url", content.at("/" + i + "/type").asText());
    assertEquals("input_audio", content.at("/3/type").asText());
    assertEquals("wav", content.at("/3/input_audio/format").asText());
    byte[] wav = Base64.getDecoder().decode(content.at("/3/input_audio/data").asText());
    assertEquals("RIFF", new String(wav, 0, 4, StandardCharsets.US_ASCII));
    assertEquals("which?", content.at("/4/text").asText());
  }

  @Test
  void sendsNoAuthorizationWithoutKeyAndAcceptsTrailingSlash() {
    JudgeClient c = JudgeClient.builder(server.baseUrl() + "/", "m").sleeper(sleeps::add).build();
    c.complete(List.of(ContentPart.text("hi")));
    assertEquals("/v1/chat/completions", server.received().get(0).path());
    assertNull(server.received().get(0).header("Authorization"));
  }

  @Test
  void joinsContentGivenAsParts() {
    server.then(raw(200, "{\"choices\":[{\"message\":{\"content\":[{\"type\":\"text\",\"text\":\"Final \"},"
        + "{\"type\":\"text\",\"text\":\"Score: 4\"}]}}]}", Map.of()));
    assertEquals("Final Score: 4", client().build().complete(List.of(ContentPart.text("x"))));
  }

  @ParameterizedTest
  @ValueSource(strings = {"{not json", "<html>Bad Gateway</html>", "{\"object\":\"chat.completion\"}",
      "{\"choices\":[]}", "{\"choices\":[{\"message\":{\"content\":null}}]}", "[]", ""})
  void malformedOrChoicelessResponseFailsWithoutRetry(String body) {
    server.then(raw(200, body, Map.of()));
    JudgeException e = assertThrows(JudgeException.class,
        () -> client().build().complete(List.of(ContentPart.text("x"))));
    assertTrue(e.getMessage().contains("malformed JSON") || e.getMessage().contains("no choices"), e.getMessage());
    assertEquals(1, server.received().size());
    assertTrue(sleeps.isEmpty());
  }

  @Test
  void retriesServerErrorsThenSucceeds() {
    server.then(status(500), status(503), answer("ok"));
    // Real sleeps here, kept tiny, so the default sleeper is exercised too.
    JudgeClient c = JudgeClient.builder(server.baseUrl(), "m").maxRetries(3)
        .backoff(Duration.ofMillis(5), Duration.ofMillis(20)).build();
    assertEquals("ok", c.complete(List.of(ContentPart.text("x"))));
    assertEquals(3, server.received().size());
  }

  @Test
  void givesUpAfterMaxRetries() {
    server.respond(r -> status(502));
    JudgeException e = assertThrows(JudgeException.class,
        () -> client().maxRetries(2).build().complete(List.of(ContentPart.text("x"))));
    assertEquals(502, e.status());
    assertTrue(e.getMessage().contains("gave up after 3 attempts"), e.getMessage());
    assertEquals(3, server.received().size());
    assertEquals(2, sleeps.size());
  }

  @Test
  void honoursRetryAfterOn429() {
    String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now().plusSeconds(3));
    server.then(raw(429, "slow down", Map.of("Retry-After", "2")), raw(429, "", Map.of("Retry-After", date)),
        raw(429, "", Map.of("Retry-After", "600")), answer("ok"));
    assertEquals("ok", client().maxRetries(3).build().complete(List.of(ContentPart.text("x"))));
    assertEquals(4, server.received().size());
    assertEquals(Duration.ofSeconds(2), sleeps.get(0));
    assertTrue(sleeps.get(1).toMillis() > 1000 && sleeps.get(1).toMillis() <= 3000, sleeps.get(1).toString());
    assertEquals(Duration.ofSeconds(5), sleeps.get(2), "capped at maxBackoff");
  }

  @ParameterizedTest
  @ValueSource(ints = {400, 401, 404, 413, 422})
  void doesNotRetryOtherClientErrors(int code) {
    server.respond(r -> status(code));
    JudgeException e = assertThrows(JudgeException.class,
        () -> client().build().complete(List.of(ContentPart.text("x"))));
    assertEquals(code, e.status());
    assertEquals(1, server.received().size());
    assertTrue(sleeps.isEmpty());
  }

  @Test
  void slowAnswerTimesOutThenRetrySucceeds() {
    server.then(answer("late").delayed(800), answer("on time"));
    JudgeClient c = client().timeout(Duration.ofMillis(150)).maxRetries(1).build();
    assertEquals("on time", c.complete(List.of(ContentPart.text("x"))));
    assertEquals(2, server.received().size());
  }

  @Test
  void slowAnswerFailsWhenRetriesAreOff() {
    server.then(answer("late").delayed(800));
    JudgeClient c = client().timeout(Duration.ofMillis(150)).maxRetries(0).build();
    long t0 = System.nanoTime();
    JudgeException e = assertThrows(JudgeException.class, () -> c.complete(List.of(ContentPart.text("x"))));
    assertTrue((System.nanoTime() - t0) / 1e6 < 700, "waited for the slow answer");
    assertEquals(0, e.status());
    assertInstanceOf(HttpTimeoutException.class, e.getCause());
  }

  @Test
  void connectionErrorsAreRetriedWithSeededJitteredBackoff() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    List<List<Duration>> runs = new ArrayList<>();
    for (int run = 0; run < 2; run++) {
      List<Duration> pauses = new ArrayList<>();
      JudgeClient c = JudgeClient.builder("http://127.0.0.1:" + port + "/v1", "m").maxRetries(4).seed(42)
          .backoff(Duration.ofMillis(100), Duration.ofMillis(500)).sleeper(pauses::add).build();
      JudgeException e = assertThrows(JudgeException.class, () -> c.complete(List.of(ContentPart.text("x"))));
      assertEquals(0, e.status());
      runs.add(pauses);
    }
    List<Duration> pauses = runs.get(0);
    assertEquals(runs.get(0), runs.get(1), "same seed, same jitter");
    assertEquals(4, pauses.size());
    long[] base = {100, 200, 400, 500};
    for (int i = 0; i < 4; i++) {
      long ms = pauses.get(i).toMillis();
      assertTrue(ms >= base[i] / 2 && ms <= base[i], "pause " + i + " = " + ms);
    }
  }

  @Test
  void concurrencyLimitHoldsAcrossThreads() throws Exception {
    server.respond(r -> answer("ok").delayed(30));
    JudgeClient c = client().maxConcurrency(3).build();
    ExecutorService pool = Executors.newFixedThreadPool(12);
    try {
      List<Future<String>> calls = new ArrayList<>();
      for (int i = 0; i < 24; i++) calls.add(pool.submit(() -> c.complete(List.of(ContentPart.text("x")))));
      for (Future<String> f : calls) assertEquals("ok", f.get());
    } finally {
      pool.shutdownNow();
    }
    assertEquals(24, server.received().size());
    assertTrue(server.maxInFlight() <= 3, "in flight: " + server.maxInFlight());
    assertTrue(server.maxInFlight() >= 2, "requests never overlapped: " + server.maxInFlight());
  }
}
