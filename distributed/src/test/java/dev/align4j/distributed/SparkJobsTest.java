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
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
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
    for (String reward : List.of("shapes-pick", "pickscore")) {
      Path jsonl = dir.resolve(reward + ".scores.jsonl");
      Run single = align4j("score", "--reward", reward, "--data", test.toString(), "--out", jsonl.toString(),
          "--models-dir", MODELS.toString());
      assertEquals(0, single.code, single.err);
      String out = dir.resolve(reward + ".scores.parquet").toString();
      int opened = ModelCache.opened();
      Run job = sparkJob("score", "--master", "local[2]", "--reward", reward, "--data", test.toString(), "--out",
          out, "--models-dir", MODELS.toString(), "--partitions", "3", "--batch", "6");
      assertEquals(0, job.code, job.err);
      assertEquals(1, ModelCache.opened() - opened, "one model per JVM, whatever the partitions");

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
