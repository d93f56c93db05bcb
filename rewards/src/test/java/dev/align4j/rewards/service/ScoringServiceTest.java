package dev.align4j.rewards.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.align4j.core.media.Image;
import dev.align4j.core.util.UserError;
import dev.align4j.rewards.RewardModel.Comparison;
import java.util.Base64;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every endpoint, and every error answered with the right status and JSON while the server keeps serving. */
class ScoringServiceTest {
  private static final Image A = RawImages.random(1, 4, 3);
  private static final Image B = RawImages.random(2, 5, 2);
  private static final Image C = RawImages.random(3, 2, 2);
  private static FakeSource source;
  private static ScoringService service;
  private static TestClient client;

  @BeforeAll
  static void start() {
    source = new FakeSource().add("fake", 0).add("fake-slow", 0).addBroken("broken").add("unserved", 0);
    service = ScoringService.builder(source, new RawImages())
        .models("fake", "fake-slow", "broken").port(0).maxImages(4).maxBodyBytes(64 * 1024).threads(4)
        .build().start();
    client = new TestClient(service.port());
  }

  @AfterAll
  static void stop() {
    service.close();
  }

  /** After every test, an ordinary request still works: errors never break the server. */
  @AfterEach
  void stillServing() throws Exception {
    TestClient.Response r = client.post("/v1/score", TestClient.body("fake", "still here", List.of(A)));
    assertEquals(200, r.status(), r.body());
  }

  @Test
  void bindsAnEphemeralPortOnLoopback() {
    assertTrue(service.port() > 0);
    assertEquals("127.0.0.1", service.host());
    assertEquals(List.of("fake", "fake-slow", "broken"), service.models());
  }

  @Test
  void scoresEveryImageWithTheModelsFunction() throws Exception {
    TestClient.Response r = client.post("/v1/score", TestClient.body("fake", "a red cube", List.of(A, B, C)));
    assertEquals(200, r.status(), r.body());
    JsonNode json = r.json();
    assertEquals("fake", json.get("reward").asText());
    List<Image> images = List.of(A, B, C);
    assertEquals(3, json.get("scores").size());
    for (int i = 0; i < 3; i++) {
      assertEquals(FakeModel.expected("a red cube", images.get(i)), json.get("scores").get(i).floatValue());
    }
    assertTrue(r.raw().headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
  }

  @Test
  void acceptsDataUrls() throws Exception {
    String body = "{\"reward\":\"fake\",\"prompt\":\"p\",\"images\":[\"data:image/x-raw8;base64,"
        + RawImages.base64(B) + "\"]}";
    TestClient.Response r = client.post("/v1/score", body);
    assertEquals(200, r.status(), r.body());
    assertEquals(FakeModel.expected("p", B), r.json().get("scores").get(0).floatValue());
  }

  @Test
  void comparesTwoImagesThroughTheModel() throws Exception {
    TestClient.Response r = client.post("/v1/compare", TestClient.body("fake", "a blue ball", List.of(A, B)));
    assertEquals(200, r.status(), r.body());
    Comparison expected = Comparison.fromScores(FakeModel.expected("a blue ball", A),
        FakeModel.expected("a blue ball", B));
    JsonNode json = r.json();
    assertEquals(expected.probabilities()[0], json.get("probabilities").get(0).doubleValue(), 1e-12);
    assertEquals(expected.probabilities()[1], json.get("probabilities").get(1).doubleValue(), 1e-12);
    assertEquals(expected.preferred(), json.get("preferred").intValue());
  }

  @Test
  void listsServedModelsWithDescriptions() throws Exception {
    TestClient.Response r = client.get("/v1/models");
    assertEquals(200, r.status());
    JsonNode models = r.json().get("models");
    assertEquals(3, models.size());
    assertEquals("fake", models.get(0).get("name").asText());
    assertEquals("fake reward fake", models.get(0).get("description").asText());
    assertEquals("broken", models.get(2).get("name").asText());
  }

  @Test
  void reportsHealth() throws Exception {
    TestClient.Response r = client.get("/health");
    assertEquals(200, r.status());
    assertEquals("ok", r.json().get("status").asText());
    assertTrue(service.accepting());
  }

  @Test
  void exposesPrometheusMetrics() throws Exception {
    client.post("/v1/score", TestClient.body("fake", "m", List.of(A, B)));
    client.post("/v1/score", "{nope");
    client.get("/no/such/path");
    TestClient.Response r = client.get("/metrics");
    assertEquals(200, r.status());
    assertTrue(r.raw().headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"));
    String text = r.body();
    assertTrue(TestClient.metric(text, "align4j_http_requests_total{endpoint=\"/v1/score\",status=\"200\"}") >= 1,
        text);
    assertTrue(TestClient.metric(text, "align4j_http_requests_total{endpoint=\"/v1/score\",status=\"400\"}") >= 1,
        text);
    assertTrue(TestClient.metric(text, "align4j_http_errors_total{endpoint=\"/v1/score\",kind=\"bad_request\"}") >= 1);
    assertTrue(TestClient.metric(text, "align4j_http_requests_total{endpoint=\"other\",status=\"404\"}") >= 1, text);
    assertTrue(TestClient.metric(text, "align4j_batch_size_count{reward=\"fake\"}") >= 1, text);
    assertTrue(TestClient.metric(text, "align4j_batch_size_sum{reward=\"fake\"}") >= 2, text);
    assertTrue(text.contains("align4j_http_request_duration_seconds_bucket{endpoint=\"/v1/score\",le=\"0.005\"}"),
        text);
    assertTrue(text.contains("# TYPE align4j_queue_depth gauge"), text);
    assertEquals(0, TestClient.metric(text, "align4j_queue_depth{reward=\"fake\"}"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      malformed JSON         | {"reward": "fake", "prompt": | 400 | malformed JSON
      trailing garbage       | {"reward":"fake","prompt":"p","images":[]} x | 400 | malformed JSON
      empty body             | '' | 400 | empty body
      not an object          | [1, 2] | 400 | must be a JSON object, not array
      missing reward         | {"prompt":"p","images":["AA=="]} | 400 | missing field 'reward'
      missing prompt         | {"reward":"fake","images":["AA=="]} | 400 | missing field 'prompt'
      missing images         | {"reward":"fake","prompt":"p"} | 400 | missing field 'images'
      prompt not a string    | {"reward":"fake","prompt":5,"images":["AA=="]} | 400 | field 'prompt' must be a string, \
      not a number
      reward null            | {"reward":null,"prompt":"p","images":["AA=="]} | 400 | field 'reward' must be a string, \
      not a null
      images not an array    | {"reward":"fake","prompt":"p","images":"AA=="} | 400 | field 'images' must be an array
      image not a string     | {"reward":"fake","prompt":"p","images":[{}]} | 400 | images[0] must be a base64 string, \
      not an object
      no images              | {"reward":"fake","prompt":"p","images":[]} | 400 | field 'images' is empty
      unknown field          | {"reward":"fake","promt":"p","prompt":"p","images":["AA=="]} | 400 | unknown field \
      'promt'; did you mean 'prompt'?
      unknown reward         | {"reward":"fak","prompt":"p","images":["AA=="]} | 400 | unknown reward 'fak'; did you \
      mean 'fake'
      unserved reward        | {"reward":"unserved","prompt":"p","images":["AA=="]} | 400 | (served: broken, fake, \
      fake-slow)
      bad base64             | {"reward":"fake","prompt":"p","images":["@@@"]} | 400 | images[0] is not valid base64
      file path as image     | {"reward":"fake","prompt":"p","images":["/etc/passwd"]} | 400 | images[0]
      too many images        | {"reward":"fake","prompt":"p","images":["AA==","AA==","AA==","AA==","AA=="]} | 413 | \
      too many images: 5 (the limit is 4)
      """)
  void rejectsBadRequestsWithJsonErrors(String what, String body, int status, String message) throws Exception {
    TestClient.Response r = client.post("/v1/score", body);
    assertError(r, status, message);
  }

  @Test
  void aPromptTheModelRefusesIsThatRequestsOwn400() throws Exception {
    int calls = source.opened.get("fake").batchSizes.size();
    assertError(client.post("/v1/score", TestClient.body("fake", "refused: no quotes", List.of(A))), 400,
        "fake refuses 'refused: no quotes'");
    assertError(client.post("/v1/compare", TestClient.body("fake", "refused", List.of(A, B))), 400,
        "fake refuses 'refused'");
    assertEquals(calls, source.opened.get("fake").batchSizes.size(), "the model was never called");
  }

  @Test
  void namesTheImageThatCannotBeDecoded() throws Exception {
    String junk = Base64.getEncoder().encodeToString("not an image at all".getBytes());
    String body = "{\"reward\":\"fake\",\"prompt\":\"p\",\"images\":[\"" + RawImages.base64(A) + "\",\"" + junk
        + "\"]}";
    assertError(client.post("/v1/score", body), 400, "images[1] could not be decoded as an image: not a RAW8 image");
    assertError(client.post("/v1/compare", body), 400, "images[1] could not be decoded");
  }

  @Test
  void refusesAnOversizedBodyWith413() throws Exception {
    String big = "x".repeat(100 * 1024);
    String body = "{\"reward\":\"fake\",\"prompt\":\"" + big + "\",\"images\":[\"AA==\"]}";
    assertError(client.post("/v1/score", body), 413, "request body exceeds the limit of 65536 bytes");
  }

  @Test
  void compareNeedsExactlyTwoImages() throws Exception {
    assertError(client.post("/v1/compare", TestClient.body("fake", "p", List.of(A, B, C))), 400,
        "exactly 2 images");
    assertError(client.post("/v1/compare", TestClient.body("fake", "p", List.of(A))), 400, "exactly 2 images");
  }

  @Test
  void answersWrongMethodsAndPaths() throws Exception {
    TestClient.Response r = client.get("/v1/score");
    assertError(r, 405, "GET is not allowed on /v1/score; use POST");
    assertEquals("POST", r.raw().headers().firstValue("Allow").orElse(""));
    assertError(client.post("/health", "{}"), 405, "use GET");
    assertError(client.get("/v2/anything"), 404, "no endpoint at /v2/anything");
    assertError(client.get("/"), 404, "no endpoint at /");
  }

  @Test
  void reportsAModelFailureAs500() throws Exception {
    assertError(client.post("/v1/score", TestClient.body("broken", "p", List.of(A))), 500,
        "reward 'broken' failed: fake model is broken");
    assertError(client.post("/v1/compare", TestClient.body("broken", "p", List.of(A, B))), 500,
        "reward 'broken' failed");
  }

  @Test
  void refusesUnknownModelsAtStartAndLeavesNothingOpen() {
    FakeSource s = new FakeSource().add("pickscore", 0).add("hpsv2", 0);
    UserError e = assertThrows(UserError.class,
        () -> ScoringService.builder(s, new RawImages()).models("pickscore", "pickscor").port(0).build().start());
    assertTrue(e.getMessage().contains("unknown reward model 'pickscor'; did you mean 'pickscore'?"), e.getMessage());
    assertTrue(s.opened.isEmpty());
  }

  @Test
  void refusesInconsistentSettings() {
    FakeSource s = new FakeSource().add("a", 0);
    assertThrows(IllegalStateException.class, () -> ScoringService.builder(s, new RawImages()).build());
    assertThrows(IllegalStateException.class,
        () -> ScoringService.builder(s, new RawImages()).models("a").maxImages(8).queueCapacity(4).build());
    assertThrows(IllegalArgumentException.class, () -> ScoringService.builder(s, new RawImages()).port(70000));
  }

  @Test
  void reportsAPortInUseAsAUserError() {
    FakeSource s = new FakeSource().add("a", 0);
    UserError e = assertThrows(UserError.class,
        () -> ScoringService.builder(s, new RawImages()).models("a").port(service.port()).build().start());
    assertTrue(e.getMessage().startsWith("cannot listen on 127.0.0.1:" + service.port()), e.getMessage());
    assertTrue(s.opened.get("a").closed.get(), "the model opened before the failure is closed");
  }

  @Test
  void modelsAreNeverCalledConcurrently() throws Exception {
    List<Thread> threads = IntStream.range(0, 4).mapToObj(i -> new Thread(() -> {
      try {
        client.post("/v1/score", TestClient.body("fake-slow", "p" + i, List.of(A, B)));
        client.post("/v1/compare", TestClient.body("fake-slow", "p" + i, List.of(A, B)));
      } catch (Exception e) {
        throw new RuntimeException(e);
      }
    })).toList();
    threads.forEach(Thread::start);
    for (Thread t : threads) t.join();
    assertFalse(source.opened.get("fake-slow").misuse.get());
  }

  static void assertError(TestClient.Response r, int status, String message) {
    assertEquals(status, r.status(), r.body());
    JsonNode json = r.json();
    assertEquals(status, json.get("status").intValue(), r.body());
    assertTrue(json.get("error").asText().contains(message), "expected '" + message + "' in " + r.body());
    assertTrue(r.raw().headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
  }
}
