package dev.align4j.distributed;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.align4j.rewards.accuracy.RewardAccuracy;
import java.io.UncheckedIOException;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Aggregator;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * The reward-accuracy job: the Pick-a-Pic protocol of {@code align4j bench reward-accuracy} as a Spark
 * aggregation. Both splits are scored (the score job's partition scoring), reduced to their small columns and
 * kept; each split's {@link RewardAccuracy.Tally} is summed by a Spark {@link Aggregator}; the threshold and
 * accuracies come from the same {@link RewardAccuracy.Result} as the single-machine command's, so the result file
 * and the printed table are the same. Bad rows of either split go to the rejects table with their split.
 */
final class AccuracyJob {
  private AccuracyJob() {}

  /** What a run did. */
  record Outcome(RewardAccuracy.Result result, long rejected, String out, String rejects) {
    List<String> lines() {
      List<String> lines = new java.util.ArrayList<>(result.table());
      lines.add("wrote " + out);
      lines.add("rejected " + rejected + " rows -> " + rejects);
      return lines;
    }
  }

  static Outcome run(SparkSession spark, String data, String validation, String out, String rejects,
      ScoringSpec spec, int partitions) {
    Dataset<Row> rows = scored(spark, data, "test", spec, partitions);
    if (validation != null) rows = rows.unionByName(scored(spark, validation, "validation", spec, partitions));
    rows = rows.persist(StorageLevel.MEMORY_AND_DISK());
    try {
      RewardAccuracy.Tally test;
      RewardAccuracy.Tally val = null;
      try {
        test = tally(rows, "test");
        if (validation != null) val = tally(rows, "validation");
      } catch (Exception e) {  // SparkException is checked to javac
        throw Failures.unwrap(e);
      }
      RewardAccuracy.Result result = RewardAccuracy.Result.of(spec.reward(), data, test, val, validation);
      org.apache.hadoop.conf.Configuration conf = spark.sparkContext().hadoopConfiguration();
      AtomicOutput rejected = new AtomicOutput(conf, rejects);
      try {
        rows.filter(col("reject_reason").isNotNull())
            .select("split", "source_file", "row", "caption", "reject_reason").write().parquet(rejected.tmp());
        rejected.commit();
      } finally {
        rejected.discard();
      }
      AtomicOutput json = new AtomicOutput(conf, out);
      try {
        json.writeText(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(result.json()));
        json.commit();
      } catch (JsonProcessingException e) {
        throw new UncheckedIOException(e);
      } finally {
        json.discard();
      }
      long rejectedRows = spark.read().parquet(rejects).count();
      return new Outcome(result, rejectedRows, out, rejects);
    } finally {
      rows.unpersist();
    }
  }

  /** One split scored, in its small columns: split, source_file, row, caption, label_0, scores, reject_reason. */
  private static Dataset<Row> scored(SparkSession spark, String data, String split, ScoringSpec spec,
      int partitions) {
    Dataset<Row> in = PickapicInput.read(spark, data, true);
    in = in.select(col("caption"), col("jpg_0"), col("jpg_1"), col("label_0").cast("double").as("label_0"),
        col(PickapicInput.SOURCE), col(PickapicInput.ROW_INDEX));
    if (partitions > 0) in = in.repartition(partitions);
    StructType schema = in.schema();
    return in.mapPartitions(new PairScoring(spec, schema, true, PickapicInput.SOURCE, PickapicInput.ROW_INDEX),
            Encoders.row(PairScoring.output(schema)))
        .select(lit(split).as("split"), col(PickapicInput.SOURCE),
            col(PickapicInput.ROW_INDEX).plus(1).as("row"), col("caption"), col("label_0"), col("score_0"),
            col("score_1"), col("reject_reason"));
  }

  private static RewardAccuracy.Tally tally(Dataset<Row> rows, String split) {
    return rows.filter(col("split").equalTo(split).and(col("reject_reason").isNull()))
        .select(new TallyAggregator().toColumn()).first();
  }

  /** Sums the scored rows' {@link RewardAccuracy.Tally}: per partition, then merged. */
  static final class TallyAggregator extends Aggregator<Row, RewardAccuracy.Tally, RewardAccuracy.Tally> {
    private static final long serialVersionUID = 1L;

    @Override
    public RewardAccuracy.Tally zero() {
      return new RewardAccuracy.Tally();
    }

    @Override
    public RewardAccuracy.Tally reduce(RewardAccuracy.Tally t, Row r) {
      // Floats widened to double, as the single-machine command does with the model's float scores.
      return t.add(new RewardAccuracy.Scored(r.<Float>getAs("score_0"), r.<Float>getAs("score_1"),
          r.<Double>getAs("label_0")));
    }

    @Override
    public RewardAccuracy.Tally merge(RewardAccuracy.Tally a, RewardAccuracy.Tally b) {
      return a.merge(b);
    }

    @Override
    public RewardAccuracy.Tally finish(RewardAccuracy.Tally t) {
      return t;
    }

    @Override
    public Encoder<RewardAccuracy.Tally> bufferEncoder() {
      return Encoders.javaSerialization(RewardAccuracy.Tally.class);
    }

    @Override
    public Encoder<RewardAccuracy.Tally> outputEncoder() {
      return Encoders.javaSerialization(RewardAccuracy.Tally.class);
    }
  }
}
