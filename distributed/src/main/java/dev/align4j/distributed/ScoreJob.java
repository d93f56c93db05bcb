package dev.align4j.distributed;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import dev.align4j.rewards.data.PairScores;
import java.util.List;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * The score job: a Pick-a-Pic parquet in, the same rows out with {@code source_file}, {@code row} (1-based in its
 * file), {@code score_0}, {@code score_1} and {@code preferred} added, as {@code align4j score --data} computes
 * them; bad rows go to the rejects table with {@code reject_reason}. One pass: the scored and the rejected rows
 * are written together (partitioned by outcome) under a temporary path, then each part is renamed into place.
 */
final class ScoreJob {
  private static final String OUTCOME = "_outcome";

  /** What a run did: the summary line's counts and the rejects. */
  record Result(PairScores.Summary summary, long rejected, String out, String rejects) {
    /** The single-machine command's line, then the rejects'. */
    List<String> lines(String reward) {
      return List.of(summary.line(reward, out), "rejected " + rejected + " rows -> " + rejects);
    }
  }

  private ScoreJob() {}

  static Result run(SparkSession spark, String data, String out, String rejects, ScoringSpec spec, int partitions) {
    Dataset<Row> in = PickapicInput.read(spark, data, false);
    boolean labels = List.of(in.columns()).contains("label_0");
    if (partitions > 0) in = in.repartition(partitions);
    StructType schema = in.schema();
    Dataset<Row> scored = in.mapPartitions(
        new PairScoring(spec, schema, labels, PickapicInput.SOURCE, PickapicInput.ROW_INDEX),
        Encoders.row(PairScoring.output(schema)));
    Dataset<Row> shaped = scored.withColumn("row", col(PickapicInput.ROW_INDEX).plus(1))
        .drop(PickapicInput.ROW_INDEX);
    List<String> order = new java.util.ArrayList<>(List.of(in.drop(PickapicInput.ROW_INDEX).columns()));
    order.addAll(List.of("row", "score_0", "score_1", "preferred", "reject_reason"));
    shaped = shaped.selectExpr(order.stream().map(c -> "`" + c + "`").toArray(String[]::new));
    StructType outSchema = shaped.schema();
    shaped = shaped.withColumn(OUTCOME, when(col("reject_reason").isNull(), lit("scored")).otherwise("rejected"));

    org.apache.hadoop.conf.Configuration conf = spark.sparkContext().hadoopConfiguration();
    AtomicOutput output = new AtomicOutput(conf, out);
    AtomicOutput rejected = new AtomicOutput(conf, rejects);
    try {
      try {
        shaped.write().partitionBy(OUTCOME).parquet(output.tmp());
      } catch (Exception e) {  // SparkException is checked to javac
        throw Failures.unwrap(e);
      }
      Path good = output.tmp(OUTCOME + "=scored");
      Path bad = output.tmp(OUTCOME + "=rejected");
      if (!output.exists(good)) writeEmpty(spark, outSchema, good);
      if (!output.exists(bad)) writeEmpty(spark, outSchema, bad);
      rejected.commit(bad);
      output.commit(good);
    } finally {
      output.discard();
    }
    PairScores.Summary summary = summary(spark.read().parquet(out), labels);
    long rejectedRows = spark.read().parquet(rejects).count();
    return new Result(summary, rejectedRows, out, rejects);
  }

  private static void writeEmpty(SparkSession spark, StructType schema, Path path) {
    spark.createDataFrame(List.<Row>of(), schema).coalesce(1).write().parquet(path.toString());
  }

  /** The summary line's counts, read back from the committed output (its small columns only). */
  private static PairScores.Summary summary(Dataset<Row> out, boolean labels) {
    Dataset<Row> cols = out.selectExpr(labels ? "label_0" : "CAST('NaN' AS DOUBLE)", "score_0", "score_1");
    return cols.javaRDD().aggregate(new PairScores.Summary(),
        (s, r) -> s.add(r.isNullAt(0) ? Double.NaN : r.getDouble(0), r.getFloat(1), r.getFloat(2)),
        PairScores.Summary::merge);
  }
}
