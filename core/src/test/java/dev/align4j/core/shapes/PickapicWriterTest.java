package dev.align4j.core.shapes;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.core.media.Image;
import dev.align4j.core.media.MediaCodec;
import dev.align4j.core.util.UserError;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.duckdb.DuckDBDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The written file, read back by DuckDB: exact pickapic_v2 schema, decodable JPEGs, ties at the asked rate. */
class PickapicWriterTest {
  @TempDir Path dir;

  private static final List<String> SCHEMA = List.of("are_different BOOLEAN", "best_image_uid VARCHAR",
      "caption VARCHAR", "created_at TIMESTAMP", "has_label BOOLEAN", "image_0_uid VARCHAR", "image_0_url VARCHAR",
      "image_1_uid VARCHAR", "image_1_url VARCHAR", "jpg_0 BLOB", "jpg_1 BLOB", "label_0 DOUBLE", "label_1 DOUBLE",
      "model_0 VARCHAR", "model_1 VARCHAR", "ranking_id BIGINT", "user_id BIGINT", "num_example_per_prompt BIGINT");

  @Test
  void writesTheExactSchemaWithDecodableJpegsAndTies() throws Exception {
    int n = 300;
    double tieRate = 0.25;
    List<PickapicRow> rows = new ShapesDataset(new Renderer(RenderOptions.square(32)), 9, 2).pickapic(n, 0, tieRate);
    Path file = dir.resolve("train.parquet");
    new PickapicWriter().write(file, rows);
    assertEquals(List.of("train.parquet"), Files.list(dir).map(p -> p.getFileName().toString()).toList());
    try (Connection db = new DuckDBDriver().connect("jdbc:duckdb:", new java.util.Properties());
        Statement s = db.createStatement()) {
      List<String> columns = new ArrayList<>();
      try (ResultSet r = s.executeQuery("DESCRIBE SELECT * FROM read_parquet('" + file + "')")) {
        while (r.next()) columns.add(r.getString("column_name") + " " + r.getString("column_type"));
      }
      assertEquals(SCHEMA, columns);
      int ties = 0;
      int agree = 0;
      try (ResultSet r = s.executeQuery("SELECT * FROM read_parquet('" + file + "') ORDER BY ranking_id")) {
        int i = 0;
        while (r.next()) {
          PickapicRow row = rows.get(i++);
          assertEquals(row.caption(), r.getString("caption"));
          assertEquals(row.label0(), r.getDouble("label_0"));
          assertEquals(1 - row.label0(), r.getDouble("label_1"));
          assertTrue(r.getBoolean("has_label"));
          assertTrue(r.getBoolean("are_different"));
          if (row.isTie()) {
            ties++;
            assertEquals("", r.getString("best_image_uid"));
          } else {
            assertEquals(r.getString(row.label0() == 1 ? "image_0_uid" : "image_1_uid"), r.getString("best_image_uid"));
          }
          for (int k = 0; k < 2; k++) {
            Image decoded = MediaCodec.decodeImage(r.getBytes("jpg_" + k));
            assertEquals(32, decoded.width());
            assertEquals(32, decoded.height());
            ShapeImage truth = k == 0 ? row.image0() : row.image1();
            if (Checker.scorePixels(decoded, row.caption()) == Checker.score(truth, row.caption())) agree++;
          }
        }
        assertEquals(n, i);
      }
      System.out.printf("pickapic: ties %d/%d (asked %.2f); pixel checker on decoded JPEGs agrees %.4f%n", ties, n,
          tieRate, agree / (2.0 * n));
      assertTrue(agree >= 0.95 * 2 * n, "pixel checker on decoded JPEGs: " + agree + "/" + 2 * n);
      assertEquals(tieRate, ties / (double) n, 3 * Math.sqrt(tieRate * (1 - tieRate) / n));
    }
  }

  @Test
  void sameRowsSameFileAndNoPartialFileOnError() throws Exception {
    List<PickapicRow> rows = new ShapesDataset(new Renderer(RenderOptions.square(32)), 4, 1).pickapic(10, 0, 0.5);
    new PickapicWriter().write(dir.resolve("a.parquet"), rows);
    new PickapicWriter().write(dir.resolve("b.parquet"), rows);
    assertArrayEquals(Files.readAllBytes(dir.resolve("a.parquet")), Files.readAllBytes(dir.resolve("b.parquet")));
    UserError e = assertThrows(UserError.class, () -> new PickapicWriter().write(dir.resolve("nope/c.parquet"), rows));
    assertFalse(e.getMessage().contains("\n"));
  }
}
