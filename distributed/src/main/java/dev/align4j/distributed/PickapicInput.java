package dev.align4j.distributed;

import static org.apache.spark.sql.functions.col;

import dev.align4j.core.util.UserError;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * A Pick-a-Pic parquet (one file or a directory of them) as Spark reads it, with two columns added from the
 * file's metadata: {@code source_file} and {@code row_index} (0-based in its file, so {@code row_index + 1} is
 * the row number the single-machine commands use).
 */
final class PickapicInput {
  static final String SOURCE = "source_file";
  static final String ROW_INDEX = "row_index";

  private PickapicInput() {}

  /** The rows of {@code data}; the caption and both images must be there, and label_0 when {@code labels}. */
  static Dataset<Row> read(SparkSession spark, String data, boolean labels) {
    List<String> needed = new java.util.ArrayList<>(List.of("caption", "jpg_0", "jpg_1"));
    if (labels) needed.add("label_0");
    return readColumns(spark, data, needed);
  }

  /** The rows of any parquet {@code data} that has the {@code needed} columns. */
  static Dataset<Row> readColumns(SparkSession spark, String data, List<String> needed) {
    Dataset<Row> df;
    try {
      org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(data);
      if (!path.getFileSystem(spark.sparkContext().hadoopConfiguration()).exists(path)) {
        throw new UserError(data + ": no such file");
      }
    } catch (java.io.IOException e) {
      throw new UserError(data + ": cannot read (" + firstLine(e.getMessage()) + ")", e);
    }
    try {
      df = spark.read().parquet(data);
    } catch (Exception e) {  // AnalysisException is checked to javac, unchecked to Scala
      if (e instanceof AnalysisException a && String.valueOf(a.getCondition()).contains("PATH_NOT_FOUND")) {
        throw new UserError(data + ": no such file");
      }
      throw new UserError(data + ": cannot read as parquet (" + firstLine(e.getMessage()) + ")", e);
    }
    List<String> columns = Arrays.asList(df.columns());
    for (String need : needed) {
      if (!columns.contains(need)) {
        throw new UserError(data + ": no column '" + need + "' (columns: " + String.join(", ", columns) + ")"
            + ("label_0".equals(need) ? ": accuracy needs labels" : ""));
      }
    }
    return df.select(col("*"), col("_metadata.file_path").as(SOURCE), col("_metadata.row_index").as(ROW_INDEX));
  }

  static String firstLine(String message) {
    return message == null ? "unknown error" : message.strip().lines().findFirst().orElse("");
  }
}
