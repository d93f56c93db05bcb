package dev.align4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.align4j.core.media.Image;
import dev.align4j.core.media.MediaCodec;
import dev.align4j.core.media.Video;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code align4j score} on files and on a Pick-a-Pic parquet, and {@code align4j serve} answering over HTTP. */
class RewardCommandsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dir;

  private static Path repo() {
    Path d = Path.of("").toAbsolutePath();
    while (d != null && !Files.isDirectory(d.resolve("models"))) d = d.getParent();
    return d;
  }

  private static Path image(String name) {
    return repo().resolve("rewards/src/test/resources/images").resolve(name);
  }

  private static String models() {
    return repo().resolve("models").toString();
  }

  @Test
  void scoresImageFiles() throws Exception {
    Align4jTest.Run r = Align4jTest.run("score", "--reward", "hpsv2", "--models-dir", models(), "--prompt",
        "a photo", image("photo_300x200.jpg").toString(), image("square_224.png").toString());
    assertEquals(0, r.code(), r.err());
    List<String> lines = r.out().strip().lines().toList();
    assertEquals(2, lines.size(), r.out());
    for (String line : lines) assertTrue(Double.isFinite(JSON.readTree(line).get("score").asDouble()), line);
  }

  @Test
  void scoresPhotosWithTheRealImageClassifier() throws Exception {
    Path photos = repo().resolve("rewards/src/test/resources/photos");
    Align4jTest.Run r = Align4jTest.run("score", "--reward", "mobilenet-neutral", "--models-dir", models(),
        "--prompt", "ignored", photos.resolve("coffee.png").toString(), photos.resolve("rocket.png").toString());
    assertEquals(0, r.code(), r.err());
    List<String> lines = r.out().strip().lines().toList();
    assertEquals(2, lines.size(), r.out());
    // P(Neutral) + P(Drawing), as docs/rewards.md reports them
    assertEquals(0.9969, JSON.readTree(lines.get(0)).get("score").asDouble(), 1e-4, lines.get(0));
    assertEquals(0.9999, JSON.readTree(lines.get(1)).get("score").asDouble(), 1e-4, lines.get(1));
  }

  @Test
  void videoFilesGoToTheModelAsVideos() throws Exception {
    Path clip = dir.resolve("clip.mp4");
    Image frame = new Image(16, 16, new byte[16 * 16 * 3]);
    MediaCodec.writeVideo(new Video(List.of(frame, frame), 4), clip);
    Align4jTest.Run r = Align4jTest.run("score", "--reward", "hpsv2", "--models-dir", models(), "--prompt",
        "a photo", clip.toString());
    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().contains("reward model hpsv2 scores images, not videos"), r.err());
  }

  @Test
  void scoresAPickapicParquetAndLeavesNothingOnError() throws Exception {
    Path parquet = dir.resolve("pairs.parquet");
    byte[] a = Files.readAllBytes(image("photo_300x200.jpg"));
    byte[] b = Files.readAllBytes(image("square_224.png"));
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:")) {
      c.createStatement().execute("CREATE TABLE t (caption VARCHAR, jpg_0 BLOB, jpg_1 BLOB, label_0 DOUBLE, label_1 "
          + "DOUBLE)");
      try (PreparedStatement st = c.prepareStatement("INSERT INTO t VALUES (?, ?, ?, ?, ?)")) {
        for (int i = 0; i < 3; i++) {
          st.setString(1, "caption " + i);
          st.setBytes(2, i % 2 == 0 ? a : b);
          st.setBytes(3, i % 2 == 0 ? b : a);
          st.setDouble(4, i == 2 ? 0.5 : 1.0);
          st.setDouble(5, i == 2 ? 0.5 : 0.0);
          st.execute();
        }
      }
      c.createStatement().execute("COPY t TO '" + parquet + "' (FORMAT PARQUET)");
    }
    Align4jTest.Run r = Align4jTest.run("score", "--reward", "pickscore", "--models-dir", models(), "--data",
        parquet.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("scored 3 pairs"), r.out());
    assertTrue(r.out().contains("of 2 untied labels"), r.out());
    List<String> lines = Files.readAllLines(dir.resolve("pairs.parquet.scores.jsonl"));
    assertEquals(3, lines.size());
    JsonNode first = JSON.readTree(lines.get(0));
    assertEquals(1, first.get("row").asInt());
    assertTrue(first.has("score_0") && first.has("score_1") && first.has("preferred"));

    Path bad = dir.resolve("bad.parquet");
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:")) {
      c.createStatement().execute("COPY (SELECT 'x' AS caption, 'not an image'::BLOB AS jpg_0, 'y'::BLOB AS jpg_1) TO '"
          + bad + "' (FORMAT PARQUET)");
    }
    Align4jTest.Run err = Align4jTest.run("score", "--reward", "pickscore", "--models-dir", models(), "--data",
        bad.toString());
    assertEquals(2, err.code(), err.err());
    assertEquals(1, err.errLines().size(), err.err());
    assertTrue(err.err().contains("row 1, column 'jpg_0'"), err.err());
    assertFalse(Files.exists(dir.resolve("bad.parquet.scores.jsonl")), "no half-written scores file");
    assertFalse(Files.exists(dir.resolve("bad.parquet.scores.jsonl.tmp")), "no temporary file left");
  }

  @Test
  void shapesWorldParquetScoresEndToEnd() throws Exception {
    Align4jTest.Run w = Align4jTest.run("data", "shapes", "--out", dir.toString(), "--pairs", "8", "--size", "32");
    assertEquals(0, w.code(), w.err());
    for (String split : List.of("train", "validation_unique", "test_unique")) {
      assertTrue(Files.isRegularFile(dir.resolve(split + ".parquet")), split);
    }
    Align4jTest.Run r = Align4jTest.run("score", "--reward", "hpsv2", "--models-dir", models(), "--data",
        dir.resolve("train.parquet").toString());
    assertEquals(0, r.code(), r.err());
    assertEquals(8, Files.readAllLines(dir.resolve("train.parquet.scores.jsonl")).size());
    Align4jTest.Run b = Align4jTest.run("bench", "reward-accuracy", "--reward", "hpsv2", "--models-dir", models(),
        "--data", dir.resolve("test_unique.parquet").toString(), "--validation",
        dir.resolve("validation_unique.parquet").toString());
    assertEquals(0, b.code(), b.err());
    JsonNode result = JSON.readTree(dir.resolve("test_unique.parquet.hpsv2.accuracy.json").toFile());
    assertEquals(2, result.get("rows").asInt());
    double a = result.get("accuracy_tie_aware").asDouble();
    assertTrue(a >= 0 && a <= 1, result.toString());
  }

  /** The real OCR reward through `align4j score`: the committed sign read against quoted text, or refused. */
  @Test
  void scoresTextRenderingWithTheOcrReward() throws Exception {
    String sign = repo().resolve("rewards/src/test/resources/ocr/bakery_sign.png").toString();
    Align4jTest.Run r = Align4jTest.run("score", "--reward", "ocr-ppocrv4", "--models-dir", models(), "--prompt",
        "a bakery sign saying \"Fresh Bread\"", sign, image("square_224.png").toString());
    assertEquals(0, r.code(), r.err());
    List<String> lines = r.out().strip().lines().toList();
    assertEquals(1.0, JSON.readTree(lines.get(0)).get("score").asDouble(), r.out());
    assertEquals(0.0, JSON.readTree(lines.get(1)).get("score").asDouble(), r.out());
    Align4jTest.Run refused = Align4jTest.run("score", "--reward", "ocr-ppocrv4", "--models-dir", models(),
        "--prompt", "a bakery sign", sign);
    assertEquals(2, refused.code(), refused.err());
    assertTrue(refused.err().contains("the OCR reward scores the text a prompt puts in double quotes, and prompt "
        + "'a bakery sign' has none"), refused.err());
    assertEquals(1, refused.err().strip().lines().count(), refused.err());
  }

  @Test
  void unknownRewardIsOneLine() {
    Align4jTest.Run r = Align4jTest.run("score", "--reward", "pikscore", "--models-dir", models(), "--prompt", "x",
        image("square_224.png").toString());
    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().contains("did you mean 'pickscore'"), r.err());
  }

  /** The wiring `align4j serve` uses (registry, real decoder, service) answers a real HTTP request. */
  @Test
  void theServeWiringAnswersOverHttp() throws Exception {
    var registry = dev.align4j.rewards.Rewards.registry(Path.of(models()),
        dev.align4j.rewards.onnx.SessionConfig.cpu());
    try (var service = dev.align4j.rewards.service.ScoringService.builder(dev.align4j.rewards.Rewards.source(registry),
        dev.align4j.rewards.Rewards.decoding()).models(List.of("pickscore")).port(0).build().start()) {
      String img = Base64.getEncoder().encodeToString(Files.readAllBytes(image("square_224.png")));
      HttpResponse<String> resp = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
              URI.create("http://127.0.0.1:" + service.port() + "/v1/score"))
          .POST(HttpRequest.BodyPublishers.ofString("{\"reward\":\"pickscore\",\"prompt\":\"a cat\",\"images\":[\""
          + img
              + "\"]}")).build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(200, resp.statusCode(), resp.body());
      assertEquals(1, JSON.readTree(resp.body()).get("scores").size());
    }
  }
}
