package dev.align4j.distributed;

import dev.align4j.core.util.UserError;
import dev.align4j.rewards.RewardModel;
import dev.align4j.rewards.data.PairScores;
import dev.align4j.rewards.data.PickapicPairs;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Scores one partition of Pick-a-Pic rows, micro-batched: up to {@code batch / 2} rows are decoded and go to the
 * model in one call ({@link PairScores#score}, the single-machine command's scoring path), with the JVM's one
 * model ({@link ModelCache}). Each input row comes out once, in order, with four columns added: {@code score_0},
 * {@code score_1}, {@code preferred} (null when rejected) and {@code reject_reason} (null when scored). A bad
 * row (missing caption or label, corrupt or missing image) is rejected with the message the single-machine
 * command would stop on; in strict mode it fails the task instead.
 */
final class PairScoring implements MapPartitionsFunction<Row, Row> {
  private static final long serialVersionUID = 1L;
  private final ScoringSpec spec;
  private final int caption;
  private final int jpg0;
  private final int jpg1;
  private final int label0;
  private final int source;
  private final int rowIndex;

  /**
   * Over rows of {@code schema}, which has caption, jpg_0, jpg_1, label_0 when {@code labels}, and the
   * {@code source} (file) and {@code rowIndex} (0-based in its file) columns.
   */
  PairScoring(ScoringSpec spec, StructType schema, boolean labels, String source, String rowIndex) {
    this.spec = spec;
    this.caption = schema.fieldIndex("caption");
    this.jpg0 = schema.fieldIndex("jpg_0");
    this.jpg1 = schema.fieldIndex("jpg_1");
    this.label0 = labels ? schema.fieldIndex("label_0") : -1;
    this.source = schema.fieldIndex(source);
    this.rowIndex = schema.fieldIndex(rowIndex);
  }

  /** {@code schema} with the four added columns. */
  static StructType output(StructType schema) {
    return schema.add("score_0", DataTypes.FloatType).add("score_1", DataTypes.FloatType)
        .add("preferred", DataTypes.IntegerType).add("reject_reason", DataTypes.StringType);
  }

  @Override
  public Iterator<Row> call(Iterator<Row> rows) {
    return new Iterator<>() {
      private final List<Row> ready = new ArrayList<>();
      private int next;

      @Override
      public boolean hasNext() {
        if (next < ready.size()) return true;
        ready.clear();
        next = 0;
        if (rows.hasNext()) fill();
        return !ready.isEmpty();
      }

      @Override
      public Row next() {
        if (!hasNext()) throw new NoSuchElementException();
        return ready.get(next++);
      }

      /** The next micro-batch: decodes up to batch / 2 good rows (and the bad ones among them), scores them. */
      private void fill() {
        List<Row> inputs = new ArrayList<>();
        List<Object> decoded = new ArrayList<>();  // a PickapicPairs.Row, or the reason it was rejected
        List<PickapicPairs.Row> good = new ArrayList<>();
        while (rows.hasNext() && good.size() < spec.batch() / 2 && inputs.size() < spec.batch() * 8) {
          Row r = rows.next();
          inputs.add(r);
          Object d = decode(r);
          decoded.add(d);
          if (d instanceof PickapicPairs.Row p) good.add(p);
        }
        List<PairScores.Scored> scores = good.isEmpty() ? List.of() : PairScores.score(model(), good);
        int k = 0;
        for (int i = 0; i < inputs.size(); i++) {
          if (decoded.get(i) instanceof String reason) {
            ready.add(extend(inputs.get(i), null, null, null, reason));
          } else {
            PairScores.Scored s = scores.get(k++);
            ready.add(extend(inputs.get(i), s.score0(), s.score1(), s.preferred(), null));
          }
        }
      }
    };
  }

  private RewardModel model() {
    return ModelCache.get(spec.modelsDir(), spec.reward(), spec.device(), spec.batch());
  }

  /** The row decoded, or why it is rejected; in strict mode a bad row throws. */
  private Object decode(Row r) {
    String file = r.getString(source);
    long row = r.getLong(rowIndex) + 1;
    try {
      double label = Double.NaN;
      if (label0 >= 0) {
        if (r.isNullAt(label0)) throw new UserError(file + ": row " + row + ", column 'label_0': null");
        label = ((Number) r.get(label0)).doubleValue();
      }
      return PickapicPairs.row(file, row, r.getString(caption), (byte[]) r.get(jpg0), (byte[]) r.get(jpg1), label);
    } catch (UserError e) {
      if (spec.strict()) throw new BadRowException(e.getMessage());
      return e.getMessage();
    }
  }

  private static Row extend(Row r, Float s0, Float s1, Integer preferred, String reason) {
    Object[] values = new Object[r.length() + 4];
    for (int i = 0; i < r.length(); i++) values[i] = r.get(i);
    values[r.length()] = s0;
    values[r.length() + 1] = s1;
    values[r.length() + 2] = preferred;
    values[r.length() + 3] = reason;
    return RowFactory.create(values);
  }

  /** A bad row in strict mode: fails the job, named. */
  static final class BadRowException extends UserError {
    private static final long serialVersionUID = 1L;
    static final String PREFIX = "bad row (strict): ";

    BadRowException(String message) {
      super(PREFIX + message);
    }
  }
}
