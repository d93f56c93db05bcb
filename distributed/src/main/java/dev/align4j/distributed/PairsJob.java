package dev.align4j.distributed;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import dev.align4j.core.media.Image;
import dev.align4j.core.media.MediaCodec;
import dev.align4j.core.media.MediaDecodeException;
import dev.align4j.core.pairs.PairStrategy;
import dev.align4j.core.util.UserError;
import dev.align4j.rewards.RewardCandidateScorer;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.FlatMapGroupsFunction;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The pairs job: a candidates table (prompt_id, caption, image bytes; seed and generator when present) grouped by
 * prompt, each prompt's candidates scored in one model call ({@link RewardCandidateScorer}, as on-policy pair
 * construction scores them) and turned into pairs by the pair SPI's {@link PairStrategy#bestVsWorst} -> a parquet
 * in the Pick-a-Pic v2 schema (chosen image first, {@code label_0} 1) with provenance columns. Candidates are
 * ordered by seed, then file and row, so ties break the same way on every run. Undecodable images and captions
 * that differ from their prompt's go to the rejects table.
 */
final class PairsJob {
  private static final String OUTCOME = "_outcome";

  /** The Pick-a-Pic v2 columns, in the dataset's order, then the provenance ones and the rejects'. */
  static final StructType OUTPUT = new StructType()
      .add("are_different", DataTypes.BooleanType).add("best_image_uid", DataTypes.StringType)
      .add("caption", DataTypes.StringType).add("created_at", DataTypes.TimestampType)
      .add("has_label", DataTypes.BooleanType).add("image_0_uid", DataTypes.StringType)
      .add("image_0_url", DataTypes.StringType).add("image_1_uid", DataTypes.StringType)
      .add("image_1_url", DataTypes.StringType).add("jpg_0", DataTypes.BinaryType)
      .add("jpg_1", DataTypes.BinaryType).add("label_0", DataTypes.DoubleType).add("label_1", DataTypes.DoubleType)
      .add("model_0", DataTypes.StringType).add("model_1", DataTypes.StringType)
      .add("ranking_id", DataTypes.LongType).add("user_id", DataTypes.LongType)
      .add("num_example_per_prompt", DataTypes.LongType)
      // provenance
      .add("prompt_id", DataTypes.StringType).add("reward", DataTypes.StringType)
      .add("score_0", DataTypes.DoubleType).add("score_1", DataTypes.DoubleType)
      .add("seed_0", DataTypes.LongType).add("seed_1", DataTypes.LongType)
      .add("candidates", DataTypes.IntegerType).add("min_gap", DataTypes.DoubleType)
      // rejects
      .add("source_file", DataTypes.StringType).add("row", DataTypes.LongType)
      .add("reject_reason", DataTypes.StringType);

  /** What a run did. */
  record Result(long prompts, long pairs, long rejected, String out, String rejects) {
    List<String> lines(String reward) {
      return List.of(String.format("built %d pairs from %d prompts with %s (%d without a pair) -> %s", pairs,
          prompts, reward, prompts - pairs, out), "rejected " + rejected + " candidates -> " + rejects);
    }
  }

  private PairsJob() {}

  static Result run(SparkSession spark, String data, String out, String rejects, ScoringSpec spec, double minGap) {
    Dataset<Row> in = PickapicInput.readColumns(spark, data, List.of("prompt_id", "caption", "image"));
    List<String> columns = List.of(in.columns());
    in = in.select(col("prompt_id").cast("string").as("prompt_id"), col("caption"), col("image"),
        columns.contains("seed") ? col("seed").cast("long").as("seed") : lit(null).cast("long").as("seed"),
        columns.contains("generator") ? col("generator").cast("string").as("generator")
            : lit(null).cast("string").as("generator"),
        col(PickapicInput.SOURCE), col(PickapicInput.ROW_INDEX).plus(1).as("row"));
    long prompts = in.select(countDistinct(col("prompt_id"))).first().getLong(0);
    long started = System.currentTimeMillis();
    Dataset<Row> built = in.groupByKey((MapFunction<Row, String>) r -> r.getString(0), Encoders.STRING())
        .flatMapGroups(new Builder(spec, minGap, started), Encoders.row(OUTPUT))
        .withColumn(OUTCOME, when(col("reject_reason").isNull(), lit("pair")).otherwise("rejected"));

    org.apache.hadoop.conf.Configuration conf = spark.sparkContext().hadoopConfiguration();
    AtomicOutput output = new AtomicOutput(conf, out);
    AtomicOutput rejected = new AtomicOutput(conf, rejects);
    try {
      try {
        built.write().partitionBy(OUTCOME).parquet(output.tmp());
      } catch (Exception e) {  // SparkException is checked to javac
        throw Failures.unwrap(e);
      }
      Path good = output.tmp(OUTCOME + "=pair");
      Path bad = output.tmp(OUTCOME + "=rejected");
      for (Path p : List.of(good, bad)) {
        if (!output.exists(p)) spark.createDataFrame(List.<Row>of(), OUTPUT).coalesce(1).write().parquet(p.toString());
      }
      rejected.commit(bad);
      output.commit(good);
    } finally {
      output.discard();
    }
    return new Result(prompts, spark.read().parquet(out).count(), spark.read().parquet(rejects).count(), out,
        rejects);
  }

  /** One prompt's candidates -> at most one pair, and its rejected candidates. */
  static final class Builder implements FlatMapGroupsFunction<String, Row, Row> {
    private static final long serialVersionUID = 1L;
    private final ScoringSpec spec;
    private final double minGap;
    private final long createdAt;

    Builder(ScoringSpec spec, double minGap, long createdAt) {
      this.spec = spec;
      this.minGap = minGap;
      this.createdAt = createdAt;
    }

    @Override
    public Iterator<Row> call(String promptId, Iterator<Row> rows) {
      List<Row> all = new ArrayList<>();
      rows.forEachRemaining(all::add);
      all.sort(Comparator.comparing((Row r) -> r.isNullAt(3) ? Long.MAX_VALUE : r.getLong(3))
          .thenComparing(r -> r.getString(5)).thenComparingLong(r -> r.getLong(6)));
      List<Row> out = new ArrayList<>();
      List<Row> kept = new ArrayList<>();
      List<Image> images = new ArrayList<>();
      String caption = null;
      for (Row r : all) {
        String reason = null;
        Image image = null;
        String where = r.getString(5) + ": row " + r.getLong(6);
        if (r.isNullAt(1)) {
          reason = where + ", column 'caption': empty";
        } else if (caption != null && !caption.equals(r.getString(1))) {
          reason = where + ", column 'caption': differs from prompt " + promptId + "'s '" + caption + "'";
        } else if (r.isNullAt(2)) {
          reason = where + ", column 'image': empty";
        } else {
          try {
            image = MediaCodec.decodeImage((byte[]) r.get(2));
          } catch (MediaDecodeException e) {
            reason = where + ", column 'image': " + e.getMessage();
          }
        }
        if (reason != null) {
          if (spec.strict()) throw new PairScoring.BadRowException(reason);
          out.add(reject(r, reason));
          continue;
        }
        caption = r.getString(1);
        kept.add(r);
        images.add(image);
      }
      if (kept.size() >= 2) {
        RewardCandidateScorer scorer = new RewardCandidateScorer(
            ModelCache.get(spec.modelsDir(), spec.reward(), spec.device(), spec.batch()));
        double[] scores = scorer.score(caption, images);
        for (int[] p : PairStrategy.bestVsWorst(minGap).pairs(scores)) {
          out.add(pair(promptId, caption, kept.get(p[0]), kept.get(p[1]), scores[p[0]], scores[p[1]], kept.size()));
        }
      }
      return out.iterator();
    }

    private Row pair(String promptId, String caption, Row chosen, Row rejected, double s0, double s1, int k) {
      byte[] jpg0 = (byte[]) chosen.get(2);
      byte[] jpg1 = (byte[]) rejected.get(2);
      String uid0 = UUID.nameUUIDFromBytes(jpg0).toString();
      String uid1 = UUID.nameUUIDFromBytes(jpg1).toString();
      return RowFactory.create(!Arrays.equals(jpg0, jpg1), uid0, caption, new Timestamp(createdAt), true,
          uid0, url(chosen), uid1, url(rejected), jpg0, jpg1, 1.0, 0.0, chosen.get(4), rejected.get(4),
          null, null, 1L,
          promptId, spec.reward(), s0, s1, chosen.get(3), rejected.get(3), k, minGap,
          null, null, null);
    }

    /** Where a candidate came from: its file and row. */
    private static String url(Row r) {
      return r.getString(5) + "#row=" + r.getLong(6);
    }

    private static Row reject(Row r, String reason) {
      Object[] v = new Object[OUTPUT.size()];
      v[OUTPUT.fieldIndex("caption")] = r.get(1);
      v[OUTPUT.fieldIndex("prompt_id")] = r.get(0);
      v[OUTPUT.fieldIndex("source_file")] = r.get(5);
      v[OUTPUT.fieldIndex("row")] = r.get(6);
      v[OUTPUT.fieldIndex("reject_reason")] = reason;
      return RowFactory.create(v);
    }
  }

  static void requirePositive(double minGap) {
    if (minGap < 0 || Double.isNaN(minGap)) throw new UserError("--min-gap must be 0 or more, not " + minGap);
  }
}
