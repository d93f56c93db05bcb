package dev.align4j.distributed;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.align4j.cli.Align4j;
import dev.align4j.core.media.Image;
import dev.align4j.core.pairs.CandidateGenerator;
import dev.align4j.core.pairs.ConstructedPair;
import dev.align4j.core.pairs.PairBuilder;
import dev.align4j.core.pairs.PairStrategy;
import dev.align4j.rewards.RewardCandidateScorer;
import dev.align4j.rewards.RewardModel;
import dev.align4j.rewards.Rewards;
import dev.align4j.rewards.data.PickapicPairs;
import dev.align4j.rewards.onnx.SessionConfig;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The jobs in {@code local[2]} on the shapes world's parquet (written by {@code align4j data shapes}), against the
 * single-machine commands run on the same files: the same scores bit for bit, the same accuracy file and table.
 * One Spark session for the class; a few rows per file.
 */
class SparkJobsTest {
  static final Path MODELS = Path.of("../models").toAbsolutePath().normalize();
  static final ObjectMapper JSON = new ObjectMapper();
  @TempDir static Path dir;
  static SparkSession spark;
  static Path test;
  static Path validation;

  @BeforeAll
  static void start() {
    Run data = align4j("data", "shapes", "--out", dir.resolve("shapes").toString(), "--pairs", "48");
    assertEquals(0, data.code, data.err);
    test = dir.resolve("shapes/test_unique.parquet");
    validation = dir.resolve("shapes/validation_unique.parquet");
    spark = SparkSession.builder().master("local[2]").appName("SparkJobsTest")
        .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1").config("spark.sql.shuffle.partitions", "2")
        .getOrCreate();
  }

  @AfterAll
  static void stop() {
    if (spark != null) spark.stop();
  }

  record Run(int code, String out, String err) {}

  static Run align4j(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Align4j.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Run(code, out.toString(), err.toString());
  }

  static Run sparkJob(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Align4jSpark.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Run(code, out.toString(), err.toString());
  }

  /** Scores of the tiny PickScore stand-in depend on the batch unless the model is batch-invariant: a hard case. */
  @Test
  void scoreEqualsAlign4jScoreBitForBit() throws IOException {
    for (String reward : List.of("shapes-pick", "pickscore")) assertScoreJobEqualsScore(reward, MODELS, 1);
  }

  /**
   * A generative judge (judge.json) goes through the same job: each executor's judge asks the endpoint, and the
   * scores equal the single-machine command's. The endpoint answers "Final Score: n" with n from the request's bytes
   * (caption and image), so equal scores mean equal requests.
   */
  @Test
  void aJudgeScoresThroughTheSameJob() throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
    server.createContext("/", exchange -> {
      byte[] request = exchange.getRequestBody().readAllBytes();
      String score = "Final Score: " + (1 + Math.floorMod(java.util.Arrays.hashCode(request), 5));
      byte[] reply = JSON.createObjectNode().put("id", "1").put("object", "chat.completion").set("choices",
          JSON.createArrayNode().add(JSON.createObjectNode().put("index", 0).put("finish_reason", "stop")
              .set("message", JSON.createObjectNode().put("role", "assistant").put("content", score))))
          .toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, reply.length);
      exchange.getResponseBody().write(reply);
      exchange.close();
    });
    server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(4));
    server.start();
    try {
      Path judges = Files.createDirectories(dir.resolve("judges/ur"));
      Files.writeString(judges.resolve("judge.json"), "{\"name\": \"ur\", \"base_url\": \"http://127.0.0.1:"
          + server.getAddress().getPort() + "/v1\", \"model\": \"UnifiedReward\", \"timeout_seconds\": 20}");
      assertScoreJobEqualsScore("ur", judges.getParent(), 1);
    } finally {
      server.stop(0);
    }
  }

  /** The score job against {@code align4j score} on the test file: every score to the bit, the same summary. */
  private static void assertScoreJobEqualsScore(String reward, Path models, int opened) throws IOException {
    Path jsonl = dir.resolve(reward + ".scores.jsonl");
    Run single = align4j("score", "--reward", reward, "--data", test.toString(), "--out", jsonl.toString(),
        "--models-dir", models.toString());
    assertEquals(0, single.code, single.err);
    String out = dir.resolve(reward + ".scores.parquet").toString();
    int before = ModelCache.opened();
    Run job = sparkJob("score", "--master", "local[2]", "--reward", reward, "--data", test.toString(), "--out",
        out, "--models-dir", models.toString(), "--partitions", "3", "--batch", "6");
    assertEquals(0, job.code, job.err);
    assertEquals(opened, ModelCache.opened() - before, "one model per JVM, whatever the partitions");

    Map<Long, JsonNode> expected = new HashMap<>();
    for (String line : Files.readAllLines(jsonl)) {
      JsonNode n = JSON.readTree(line);
      expected.put(n.get("row").asLong(), n);
    }
    Dataset<Row> scored = spark.read().parquet(out);
    List<String> columns = List.of(scored.columns());
    for (String c : List.of("caption", "jpg_0", "jpg_1", "label_0", "ranking_id", "row", "score_0", "score_1")) {
      assertTrue(columns.contains(c), c + " in " + columns);
    }
    List<Row> rows = scored.select("row", "caption", "score_0", "score_1", "preferred").collectAsList();
    assertEquals(expected.size(), rows.size());
    for (Row r : rows) {
      JsonNode e = expected.get(r.getLong(0));
      assertEquals(e.get("caption").asText(), r.getString(1));
      assertEquals(Float.floatToIntBits(e.get("score_0").floatValue()), Float.floatToIntBits(r.getFloat(2)),
          reward + " row " + r.getLong(0));
      assertEquals(Float.floatToIntBits(e.get("score_1").floatValue()), Float.floatToIntBits(r.getFloat(3)));
      assertEquals(e.get("preferred").asInt(), r.getInt(4));
    }
    // The same summary line, the target aside.
    assertEquals(single.out.lines().findFirst().orElseThrow().replace(jsonl.toString(), "OUT"),
        job.out.lines().findFirst().orElseThrow().replace(out, "OUT"));
    assertEquals(0, spark.read().parquet(dir.resolve(reward + ".scores.rejects.parquet").toString()).count());
    assertNoTemporaries();
  }

  @Test
  void rewardAccuracyEqualsBench() throws IOException {
    Path single = dir.resolve("bench.json");
    Run bench = align4j("bench", "reward-accuracy", "--reward", "shapes-pick", "--data", test.toString(),
        "--validation", validation.toString(), "--out", single.toString(), "--models-dir", MODELS.toString());
    assertEquals(0, bench.code, bench.err);
    Path distributed = dir.resolve("spark.json");
    Run job = sparkJob("reward-accuracy", "--master", "local[2]", "--reward", "shapes-pick", "--data",
        test.toString(), "--validation", validation.toString(), "--out", distributed.toString(), "--models-dir",
        MODELS.toString(), "--partitions", "2", "--batch", "4");
    assertEquals(0, job.code, job.err);
    assertEquals(JSON.readTree(single.toFile()), JSON.readTree(distributed.toFile()));
    assertEquals(Files.readString(single), Files.readString(distributed));
    List<String> table = bench.out.lines().limit(3).toList();
    assertEquals(table, job.out.lines().limit(3).toList());
    assertNoTemporaries();
  }

  @Test
  void badRowsAreRejectedWithTheirReasonOrFailAStrictRun() throws IOException {
    Path bad = dir.resolve("bad.parquet");
    spark.read().parquet(test.toString()).withColumn("i", col("_metadata.row_index"))
        .withColumn("jpg_0", when(col("i").equalTo(1), lit(new byte[] {1, 2, 3})).otherwise(col("jpg_0")))
        .withColumn("caption", when(col("i").equalTo(4), lit(null).cast("string")).otherwise(col("caption")))
        .drop("i").coalesce(1).write().parquet(bad.toString());
    long rows = spark.read().parquet(bad.toString()).count();

    String out = dir.resolve("bad.scores.parquet").toString();
    String rejects = dir.resolve("bad.rejects.parquet").toString();
    Run job = sparkJob("score", "--master", "local[2]", "--reward", "shapes-clip", "--data", bad.toString(),
        "--out", out, "--rejects", rejects, "--models-dir", MODELS.toString());
    assertEquals(0, job.code, job.err);
    assertEquals(rows - 2, spark.read().parquet(out).count());
    List<Row> rejected = spark.read().parquet(rejects).orderBy("row").select("row", "reject_reason").collectAsList();
    assertEquals(2, rejected.size());
    assertEquals(2, rejected.get(0).getLong(0));
    assertTrue(rejected.get(0).getString(1).endsWith(": row 2, column 'jpg_0': " + decodeMessage()),
        rejected.get(0).getString(1));
    assertEquals(5, rejected.get(1).getLong(0));
    assertTrue(rejected.get(1).getString(1).endsWith(": row 5, column 'caption': empty"), rejected.get(1).getString(1));
    assertTrue(job.out.contains("rejected 2 rows -> " + rejects), job.out);

    String strictOut = dir.resolve("strict.scores.parquet").toString();
    Run strict = sparkJob("score", "--master", "local[2]", "--reward", "shapes-clip", "--data", bad.toString(),
        "--out", strictOut, "--models-dir", MODELS.toString(), "--strict");
    assertEquals(2, strict.code, strict.out);
    assertTrue(strict.err.startsWith("align4j spark: error: bad row (strict): "), strict.err);
    assertTrue(strict.err.contains(": row 2, column 'jpg_0'"), strict.err);
    assertFalse(Files.exists(Path.of(strictOut)), "nothing published by a failed job");
    assertNoTemporaries();
  }

  /**
   * Candidates from the test file's images, three rows (six candidates) per prompt, one of them corrupt: the job's
   * pairs are those of the pair SPI's {@link PairBuilder} with the same scorer and strategy, scores to the bit.
   */
  @Test
  void pairsEqualThePairBuilder() throws IOException {
    List<Row> source = spark.read().parquet(test.toString()).orderBy(col("_metadata.row_index"))
        .select("caption", "jpg_0", "jpg_1", "model_0", "model_1").collectAsList();
    StructType schema = new StructType().add("prompt_id", DataTypes.StringType)
        .add("caption", DataTypes.StringType).add("image", DataTypes.BinaryType).add("seed", DataTypes.LongType)
        .add("generator", DataTypes.StringType);
    List<Row> candidates = new ArrayList<>();
    Map<String, List<Row>> byPrompt = new java.util.TreeMap<>();
    for (int i = 0; i < source.size(); i++) {
      Row r = source.get(i);
      String prompt = "p" + i / 3;
      String caption = source.get(i / 3 * 3).getString(0);
      for (int j = 0; j < 2; j++) {
        byte[] image = (i == 4 && j == 1) ? new byte[] {9, 9} : (byte[]) r.get(1 + j);
        Row c = RowFactory.create(prompt, caption, image, (long) (2 * i + j), r.getString(3 + j));
        candidates.add(c);
        if (image.length > 2) byPrompt.computeIfAbsent(prompt, k -> new ArrayList<>()).add(c);
      }
    }
    Path data = dir.resolve("candidates.parquet");
    spark.createDataFrame(candidates, schema).repartition(2).write().parquet(data.toString());
    String out = dir.resolve("pairs.parquet").toString();
    Run job = sparkJob("pairs", "--master", "local[2]", "--reward", "shapes-pick", "--data", data.toString(),
        "--out", out, "--min-gap", "0.5", "--models-dir", MODELS.toString());
    assertEquals(0, job.code, job.err);

    // The single-machine builder's prompts are the captions (what the scorer reads); one per prompt id here.
    Map<String, String> idOf = new HashMap<>();
    byPrompt.forEach((id, cs) -> idOf.put(cs.get(0).getString(1), id));
    assertEquals(byPrompt.size(), idOf.size(), "distinct captions");
    List<String> prompts = byPrompt.values().stream().map(cs -> cs.get(0).getString(1)).toList();
    CandidateGenerator<String, Image> stored = (ps, k, seed) -> ps.stream().map(p -> byPrompt.get(idOf.get(p))
        .stream().map(c -> dev.align4j.core.media.MediaCodec.decodeImage((byte[]) c.get(2))).toList()).toList();
    PairBuilder.Result<String, Image> expected;
    try (RewardModel model = Rewards.registry(MODELS, SessionConfig.cpu()).open("shapes-pick")) {
      expected = new PairBuilder<>(stored, new RewardCandidateScorer(model), PairStrategy.bestVsWorst(0.5))
          .build(prompts, 6, 4, 0);
    }
    List<Row> pairs = spark.read().parquet(out).orderBy("prompt_id")
        .select("prompt_id", "score_0", "score_1", "seed_0", "seed_1", "label_0", "caption", "jpg_0", "candidates")
        .collectAsList();
    assertEquals(expected.pairs().size(), pairs.size());
    assertTrue(pairs.size() >= 1, "some prompt has a pair");
    assertTrue(job.out.startsWith("built " + pairs.size() + " pairs from " + prompts.size() + " prompts"), job.out);
    for (int i = 0; i < pairs.size(); i++) {
      Row r = pairs.get(i);
      ConstructedPair<String, Image> e = expected.pairs().get(i);
      assertEquals(idOf.get(e.prompt()), r.getString(0));
      assertEquals(Double.doubleToLongBits(e.chosenScore()), Double.doubleToLongBits(r.getDouble(1)));
      assertEquals(Double.doubleToLongBits(e.rejectedScore()), Double.doubleToLongBits(r.getDouble(2)));
      List<Row> cs = byPrompt.get(idOf.get(e.prompt()));
      assertEquals(1.0, r.getDouble(5));
      assertEquals(e.candidates(), r.getInt(8));
      assertEquals(cs.get(0).getString(1), r.getString(6));
      Row chosen = cs.stream().filter(c -> c.getLong(3) == r.getLong(3)).findFirst().orElseThrow();
      assertTrue(java.util.Arrays.equals((byte[]) chosen.get(2), (byte[]) r.get(7)));
    }
    // Ready for train image: the single-machine Pick-a-Pic reader takes the job's directory of shards as it is.
    List<String> read = new ArrayList<>();
    PickapicPairs.forEach(Path.of(out), row -> read.add(row.caption() + " " + row.label0()));
    assertEquals(pairs.stream().map(r -> r.getString(6) + " 1.0").sorted().toList(), read.stream().sorted().toList());
    List<Row> rejected = spark.read().parquet(dir.resolve("pairs.rejects.parquet").toString())
        .select("prompt_id", "reject_reason").collectAsList();
    assertEquals(1, rejected.size());
    assertEquals("p1", rejected.get(0).getString(0));
    assertTrue(rejected.get(0).getString(1).contains(", column 'image': "), rejected.get(0).getString(1));
  }

  /** What the single-machine reader says about the same corrupt cell. */
  private static String decodeMessage() {
    try {
      dev.align4j.core.media.MediaCodec.decodeImage(new byte[] {1, 2, 3});
      throw new AssertionError("decoded garbage");
    } catch (dev.align4j.core.media.MediaDecodeException e) {
      return e.getMessage();
    }
  }

  private static void assertNoTemporaries() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      List<Path> left = files.filter(p -> p.getFileName().toString().contains(".tmp-")).toList();
      assertEquals(List.of(), left);
    }
  }
}
