package dev.align4j.rewards.data;

import dev.align4j.core.data.ParquetSource;
import dev.align4j.core.media.Image;
import dev.align4j.core.media.MediaCodec;
import dev.align4j.core.media.MediaDecodeException;
import dev.align4j.core.util.UserError;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Streams the image pairs of a Pick-a-Pic v2 parquet file or directory of shards (caption, jpg_0, jpg_1, and
 * label_0 when present) through DuckDB, decoding the JPEGs. Row numbers are 1-based in file order (across the
 * shards, in name order); a bad cell is one line naming the file, row and column.
 */
public final class PickapicPairs {
  /** One row: the caption, both images, and label_0 (NaN when the file has no labels). */
  public record Row(long row, String caption, Image image0, Image image1, double label0) {
    /** A tie in the Pick-a-Pic protocol: label_0 == 0.5. */
    public boolean tie() {
      return label0 == 0.5;
    }
  }

  /** What to do with each row. */
  @FunctionalInterface
  public interface RowConsumer {
    void accept(Row row);
  }

  private PickapicPairs() {}

  /** Calls {@code consumer} for every row of {@code file}; returns whether the file has labels. */
  public static boolean forEach(Path file, RowConsumer consumer) {
    ParquetSource source = ParquetSource.of(file);
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:")) {
      List<String> columns = columns(c, source);
      for (String need : List.of("caption", "jpg_0", "jpg_1")) {
        if (!columns.contains(need)) {
          throw new UserError(file + ": no column '" + need + "' (columns: " + String.join(", ", columns) + ")");
        }
      }
      boolean labels = columns.contains("label_0");
      String sql = "SELECT caption, jpg_0, jpg_1" + (labels ? ", label_0" : "") + " FROM " + source.sql();
      try (PreparedStatement st = c.prepareStatement(sql)) {
        try (ResultSet rs = st.executeQuery()) {
          long row = 0;
          while (rs.next()) {
            row++;
            consumer.accept(row(file.toString(), row, rs.getString(1), rs.getBytes(2), rs.getBytes(3),
                labels ? label(file, rs, row) : Double.NaN));
          }
        }
      }
      return labels;
    } catch (SQLException e) {
      throw new UserError(file + ": cannot read as parquet (" + e.getMessage().lines().findFirst().orElse("") + ")");
    }
  }

  private static List<String> columns(Connection c, ParquetSource source) throws SQLException {
    List<String> out = new ArrayList<>();
    try (PreparedStatement st = c.prepareStatement("DESCRIBE SELECT * FROM " + source.sql())) {
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) out.add(rs.getString(1));
      }
    }
    return out;
  }

  /** label_0, refusing NULL (JDBC's getDouble would read it as 0.0: "image 1 won"). */
  private static double label(Path file, ResultSet rs, long row) throws SQLException {
    double v = rs.getDouble(4);
    if (rs.wasNull()) throw new UserError(file + ": row " + row + ", column 'label_0': null");
    return v;
  }

  /**
   * One row from its cells, checked and decoded: the caption present, both JPEGs decodable. {@code source} names
   * the file in messages; {@code label0} is NaN without labels.
   *
   * @throws UserError naming the source, row and column of the first bad cell
   */
  public static Row row(String source, long row, String caption, byte[] jpg0, byte[] jpg1, double label0) {
    if (caption == null) throw new UserError(source + ": row " + row + ", column 'caption': empty");
    return new Row(row, caption, decode(source, jpg0, row, "jpg_0"), decode(source, jpg1, row, "jpg_1"), label0);
  }

  private static Image decode(String source, byte[] bytes, long row, String column) {
    if (bytes == null) throw new UserError(source + ": row " + row + ", column '" + column + "': empty");
    try {
      return MediaCodec.decodeImage(bytes);
    } catch (MediaDecodeException e) {
      throw new UserError(source + ": row " + row + ", column '" + column + "': " + e.getMessage());
    }
  }
}
