package dev.align4j.core.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.align4j.core.util.UserError;
import dev.align4j.losses.Suggestions;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import org.duckdb.DuckDBDriver;

/**
 * Reads Parquet files (one, or a directory of shards: {@link ParquetSource}) through an in-memory DuckDB. Each
 * row's wanted columns come back as one JSON object ({@code to_json(struct_pack(...))}), so lists and structs
 * (chat messages) arrive as JSON arrays and objects, NaN and infinities survive, and every file type feeds the
 * same row mapping. Rows are numbered from 1 in file order (DuckDB preserves insertion order).
 */
final class ParquetRows {
  private static final ObjectMapper JSON =
      JsonMapper.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();

  private ParquetRows() {}

  /**
   * Reads up to {@code maxRows} rows of {@code file}, keeping the {@code required} columns (each must exist)
   * and those of {@code optional} that exist.
   */
  static void read(Path file, Collection<String> required, Collection<String> optional, long maxRows, RowSink sink) {
    // The driver directly, not DriverManager: no reliance on META-INF/services surviving a shaded jar.
    try (Connection db = new DuckDBDriver().connect("jdbc:duckdb:", settings())) {
      ParquetSource source = ParquetSource.of(file);
      List<String> present = columns(db, source);
      Set<String> wanted = new LinkedHashSet<>();
      for (String column : required) {
        if (!present.contains(column)) {
          throw new UserError(file + ": no column '" + column + "'" + Suggestions.didYouMean(column, present)
              + " (columns: " + String.join(", ", present) + "; rename with data.columns)");
        }
        wanted.add(column);
      }
      for (String column : optional) {
        if (present.contains(column)) wanted.add(column);
      }
      stream(db, source, wanted, maxRows, sink);
    } catch (SQLException e) {
      throw new UserError(file + ": cannot read as Parquet (" + firstLine(e.getMessage()) + ")", e);
    }
  }

  private static Properties settings() {
    Properties p = new Properties();
    p.setProperty("autoinstall_known_extensions", "false"); // parquet and json are built in; never download
    p.setProperty("autoload_known_extensions", "false");
    p.setProperty("preserve_insertion_order", "true");
    p.setProperty("jdbc_stream_results", "true"); // rows arrive as they are read, not all at once
    return p;
  }

  private static List<String> columns(Connection db, ParquetSource source) throws SQLException {
    try (PreparedStatement q = db.prepareStatement("SELECT * FROM " + source.sql() + " LIMIT 0")) {
      try (ResultSet r = q.executeQuery()) {
        ResultSetMetaData meta = r.getMetaData();
        List<String> names = new ArrayList<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) names.add(meta.getColumnName(i));
        return names;
      }
    }
  }

  private static void stream(Connection db, ParquetSource source, Set<String> columns, long maxRows, RowSink sink)
      throws SQLException {
    List<String> fields = columns.stream().map(c -> quote(c) + " := " + quote(c)).toList();
    String sql = "SELECT to_json(struct_pack(" + String.join(", ", fields) + ")) FROM " + source.sql()
        + (maxRows < Long.MAX_VALUE ? " LIMIT " + maxRows : "");
    try (PreparedStatement q = db.prepareStatement(sql)) {
      try (ResultSet r = q.executeQuery()) {
        for (long row = 1; r.next(); row++) sink.row(row, parse(r.getString(1)));
      }
    }
  }

  private static ObjectNode parse(String json) {
    try {
      return (ObjectNode) JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("DuckDB wrote JSON that Jackson cannot read: " + json, e);
    }
  }

  private static String quote(String identifier) {
    return '"' + identifier.replace("\"", "\"\"") + '"';
  }

  private static String firstLine(String message) {
    if (message == null) return "unknown error";
    String line = message.strip().lines().findFirst().orElse("");
    return line.length() > 300 ? line.substring(0, 300) + "..." : line;
  }
}
