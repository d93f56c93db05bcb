package dev.align4j.core.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/** Tiny dataset files written by the tests: JSON lines as given, Parquet through DuckDB itself. */
final class Fixtures {
  private Fixtures() {}

  /** Writes {@code lines} (one JSON object each, or anything else a test wants to feed). */
  static Path jsonl(Path dir, String name, String... lines) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
    return file;
  }

  /** Writes the result of {@code select} (DuckDB SQL) to a Parquet file. */
  static Path parquet(Path dir, String name, String select) throws SQLException {
    return parquet(dir, name, select, "");
  }

  /** Like {@link #parquet(Path, String, String)} with extra COPY options, e.g. {@code ", ROW_GROUP_SIZE 100"}. */
  static Path parquet(Path dir, String name, String select, String options) throws SQLException {
    Path file = dir.resolve(name);
    try (Connection db = DriverManager.getConnection("jdbc:duckdb:"); Statement s = db.createStatement()) {
      s.execute("COPY (" + select + ") TO '" + file.toString().replace("'", "''") + "' (FORMAT PARQUET" + options
          + ")");
    }
    return file;
  }

  /** A DuckDB list of {content, role} structs, the ultrafeedback_binarized message type. */
  static String messages(String... roleContentPairs) {
    StringBuilder sql = new StringBuilder("[");
    for (int i = 0; i < roleContentPairs.length; i += 2) {
      if (i > 0) sql.append(", ");
      sql.append("{'content': ").append(literal(roleContentPairs[i + 1]))
          .append(", 'role': ").append(literal(roleContentPairs[i])).append('}');
    }
    return sql.append("]::STRUCT(content VARCHAR, role VARCHAR)[]").toString();
  }

  /**
   * One ultrafeedback_binarized row in its real schema: prompt, prompt_id, chosen, rejected, messages,
   * score_chosen, score_rejected.
   */
  static String ultrafeedbackRow(String prompt, String chosenReply, String rejectedReply) {
    String chosen = messages("user", prompt, "assistant", chosenReply);
    return "SELECT " + literal(prompt) + " AS prompt, md5(" + literal(prompt) + ") AS prompt_id, "
        + chosen + " AS chosen, " + messages("user", prompt, "assistant", rejectedReply) + " AS rejected, "
        + chosen + " AS messages, 8.0::DOUBLE AS score_chosen, 5.5::DOUBLE AS score_rejected";
  }

  /** The rows of FROM-less {@code selects}, in the given order. */
  static String rows(List<String> selects) {
    StringBuilder sql = new StringBuilder("SELECT * EXCLUDE (_i) FROM (");
    for (int i = 0; i < selects.size(); i++) {
      sql.append(i > 0 ? " UNION ALL " : "").append(selects.get(i)).append(", ").append(i).append(" AS _i");
    }
    return sql.append(") ORDER BY _i").toString();
  }

  static String literal(String s) {
    return s == null ? "NULL" : "'" + s.replace("'", "''") + "'";
  }
}
