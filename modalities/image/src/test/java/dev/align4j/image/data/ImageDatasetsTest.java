package dev.align4j.image.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.core.data.DataConfig;
import dev.align4j.core.media.Image;
import dev.align4j.core.media.MediaCodec;
import dev.align4j.core.shapes.PickapicRow;
import dev.align4j.core.shapes.PickapicWriter;
import dev.align4j.core.shapes.RenderOptions;
import dev.align4j.core.shapes.Renderer;
import dev.align4j.core.shapes.ShapesDataset;
import dev.align4j.core.util.UserError;
import dev.align4j.rewards.image.ClipPreprocessor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.duckdb.DuckDBDriver;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pick-a-Pic v2 parquet (written by core's PickapicWriter from the shapes world) and JSONL image data. */
class ImageDatasetsTest {
  static final int RES = 16;
  static final int ROWS = 16;
  @TempDir static Path shared;
  @TempDir Path tmp;
  static Path parquet;
  static List<PickapicRow> rows;

  @BeforeAll
  static void writeParquet() {
    rows = new ShapesDataset(new Renderer(RenderOptions.square(24)), 7, 2).pickapic(ROWS, 0, 0.25);
    parquet = shared.resolve("pickapic.parquet");
    new PickapicWriter().write(parquet, rows);
  }

  static Image fitted(Image p) {
    float[] half = {0.5f, 0.5f, 0.5f};
    return new ClipPreprocessor(ClipPreprocessor.Fit.CENTER_CROP, RES, half, half)
        .fitted(new Image(p.width(), p.height(), p.rgb()));
  }

  static double distance(Image a, Image b) {
    double d = 0;
    for (int i = 0; i < a.rgb().length; i++) d += Math.abs((a.rgb()[i] & 0xff) - (b.rgb()[i] & 0xff));
    return d;
  }

  @Test
  void pickapicGivesWinnerFirstAndDropsTies() {
    ImageData<ImagePair> data = ImageDatasets.paired(DataConfig.of(parquet.toString()), tmp, RES);
    long ties = rows.stream().filter(PickapicRow::isTie).count();
    assertTrue(ties > 0 && ties < ROWS, "fixture has some ties: " + ties);
    assertEquals(ROWS, data.rowsRead());
    assertEquals(ties, data.tiesDropped());
    assertEquals(ROWS - ties, data.train().size());
    int k = 0;
    for (PickapicRow r : rows) {
      if (r.isTie()) continue;
      ImagePair p = data.train().get(k++);
      assertEquals(r.caption(), p.caption());
      assertEquals(RES, p.winner().width());
      assertEquals(RES, p.loser().height());
      Image won = fitted((r.label0() == 1 ? r.image0() : r.image1()).pixels());
      Image lost = fitted((r.label0() == 1 ? r.image1() : r.image0()).pixels());
      // JPEG round trip: the winner is the winning picture up to compression noise.
      assertTrue(distance(p.winner(), won) < distance(p.winner(), lost), "row " + k + ": winner first");
      assertTrue(distance(p.loser(), lost) < distance(p.loser(), won), "row " + k + ": loser second");
      assertTrue(p.source().endsWith("row " + (rows.indexOf(r) + 1)), p.source());
    }
  }

  @Test
  void pickapicHonoursMaxRowsAndEvalFraction() {
    ImageData<ImagePair> some = ImageDatasets.paired(DataConfig.of(parquet.toString()).withMaxRows(5L), tmp, RES);
    assertEquals(5, some.rowsRead());
    assertEquals(5 - some.tiesDropped(), some.train().size());
    ImageData<ImagePair> split = ImageDatasets.paired(DataConfig.of(parquet.toString()).withEvalFraction(0.25), tmp,
        RES);
    ImageData<ImagePair> all = ImageDatasets.paired(DataConfig.of(parquet.toString()), tmp, RES);
    assertEquals(all.train().size(), split.train().size() + split.eval().size());
    assertEquals(all.train().get(all.train().size() - 1).source(), split.eval().get(split.eval().size() - 1).source());
  }

  @Test
  void unpairedViewSplitsEachPair() {
    ImageData<ImagePair> pairs = ImageDatasets.paired(DataConfig.of(parquet.toString()), tmp, RES);
    for (DataConfig.Format format : List.of(DataConfig.Format.PAIRED, DataConfig.Format.UNPAIRED)) {
      ImageData<LabelledImageExample> data =
          ImageDatasets.unpaired(DataConfig.of(parquet.toString()).withFormat(format), tmp, RES);
      assertEquals(2 * pairs.train().size(), data.train().size());
      assertEquals(pairs.tiesDropped(), data.tiesDropped());
      for (int i = 0; i < pairs.train().size(); i++) {
        LabelledImageExample good = data.train().get(2 * i);
        LabelledImageExample bad = data.train().get(2 * i + 1);
        assertTrue(good.desirable());
        assertFalse(bad.desirable());
        assertEquals(pairs.train().get(i).caption(), good.caption());
        assertEquals(0, distance(pairs.train().get(i).winner(), good.image()));
      }
    }
  }

  @Test
  void corruptImageAndEmptyCaptionNameFileRowAndColumn() throws Exception {
    Path bad = tmp.resolve("bad.parquet");
    Path empty = tmp.resolve("empty.parquet");
    try (Connection db = new DuckDBDriver().connect("jdbc:duckdb:", new java.util.Properties());
        Statement s = db.createStatement()) {
      s.execute("COPY (SELECT * REPLACE (CASE WHEN ranking_id = 2 THEN 'not a jpeg'::BLOB ELSE jpg_1 END AS jpg_1) "
          + "FROM read_parquet('" + parquet + "')) TO '" + bad + "' (FORMAT PARQUET)");
      s.execute("COPY (SELECT * REPLACE (CASE WHEN ranking_id = 3 THEN '' ELSE caption END AS caption) "
          + "FROM read_parquet('" + parquet + "')) TO '" + empty + "' (FORMAT PARQUET)");
    }
    UserError e = assertThrows(UserError.class, () -> ImageDatasets.paired(DataConfig.of(bad.toString()), tmp, RES));
    assertTrue(e.getMessage().startsWith(bad + ": row 3, column 'jpg_1'"), e.getMessage());
    assertFalse(e.getMessage().contains("\n"));
    e = assertThrows(UserError.class, () -> ImageDatasets.paired(DataConfig.of(empty.toString()), tmp, RES));
    assertEquals(empty + ": row 4, column 'caption': empty", e.getMessage());
    Path unlabelled = tmp.resolve("unlabelled.parquet");
    try (Connection db = new DuckDBDriver().connect("jdbc:duckdb:", new java.util.Properties());
        Statement s = db.createStatement()) {
      s.execute("COPY (SELECT * EXCLUDE (label_0) FROM read_parquet('" + parquet + "')) TO '" + unlabelled
          + "' (FORMAT PARQUET)");
    }
    e = assertThrows(UserError.class, () -> ImageDatasets.paired(DataConfig.of(unlabelled.toString()), tmp, RES));
    assertTrue(e.getMessage().startsWith(unlabelled + ": row 1, column 'label_0': missing"), e.getMessage());
  }

  static void writeJpeg(Path file, Image pixels) throws Exception {
    Files.createDirectories(file.getParent());
    Files.write(file, MediaCodec.encodeJpeg(pixels, 0.95f));
  }

  @Test
  void jsonlPairsWithRelativePaths() throws Exception {
    Path dir = tmp.resolve("data");
    PickapicRow r0 = rows.get(0);
    PickapicRow r1 = rows.get(1);
    writeJpeg(dir.resolve("img/a.jpg"), r0.image0().pixels());
    writeJpeg(dir.resolve("img/b.jpg"), r0.image1().pixels());
    writeJpeg(dir.resolve("img/c.jpg"), r1.image0().pixels());
    Files.writeString(dir.resolve("pairs.jsonl"), String.join("\n",
        "{\"caption\": \"one\", \"chosen\": \"img/a.jpg\", \"rejected\": \"img/b.jpg\"}",
        "{\"caption\": \"two\", \"chosen\": \"img/c.jpg\", \"rejected\": \"img/a.jpg\"}",
        "{\"caption\": \"three\", \"chosen\": \"img/c.jpg\", \"rejected\": \"img/missing.jpg\"}", ""));
    DataConfig config = DataConfig.of("data/pairs.jsonl");
    UserError e = assertThrows(UserError.class, () -> ImageDatasets.paired(config, tmp, RES));
    assertTrue(e.getMessage().startsWith(dir.resolve("pairs.jsonl") + ": row 3, column 'rejected': no such image file"),
        e.getMessage());
    ImageData<ImagePair> data = ImageDatasets.paired(config.withSkipBadRows(true), tmp, RES);
    assertEquals(2, data.train().size());
    assertEquals(3, data.rowsRead());
    assertEquals(1, data.rowsSkipped());
    assertEquals("two", data.train().get(1).caption());
    assertEquals(RES, data.train().get(0).winner().width());
    // The same file is one image object (one cache entry in the modality).
    assertSame(data.train().get(0).winner(), data.train().get(1).loser());
    assertTrue(distance(data.train().get(0).winner(), fitted(r0.image0().pixels()))
        < distance(data.train().get(0).winner(), fitted(r0.image1().pixels())));
    // Renamed columns.
    Files.writeString(dir.resolve("renamed.jsonl"),
        "{\"text\": \"one\", \"chosen\": \"img/a.jpg\", \"rejected\": \"img/b.jpg\"}\n");
    assertEquals("one", ImageDatasets.paired(DataConfig.of("data/renamed.jsonl").withColumns(Map.of("prompt", "text")),
        tmp, RES).train().get(0).caption());
    // A relative base directory (a run directory given as runs/x) reads the same file.
    Path relative = Path.of("").toAbsolutePath().relativize(tmp);
    assertEquals(2, ImageDatasets.paired(config.withSkipBadRows(true), relative, RES).train().size());
  }

  @Test
  void jsonlUnpairedRows() throws Exception {
    Path dir = tmp.resolve("u");
    writeJpeg(dir.resolve("a.jpg"), rows.get(0).image0().pixels());
    Files.writeString(dir.resolve("u.jsonl"), String.join("\n",
        "{\"caption\": \"one\", \"image\": \"a.jpg\", \"label\": true}",
        "{\"caption\": \"two\", \"image\": \"a.jpg\", \"label\": 0}",
        "{\"caption\": \"three\", \"image\": \"a.jpg\", \"label\": \"yes\"}", ""));
    DataConfig config = DataConfig.of("u/u.jsonl").withFormat(DataConfig.Format.UNPAIRED);
    UserError e = assertThrows(UserError.class, () -> ImageDatasets.unpaired(config, tmp, RES));
    assertTrue(e.getMessage().contains("row 3, column 'label'"), e.getMessage());
    ImageData<LabelledImageExample> data = ImageDatasets.unpaired(config.withSkipBadRows(true), tmp, RES);
    assertEquals(2, data.train().size());
    assertTrue(data.train().get(0).desirable());
    assertFalse(data.train().get(1).desirable());
    assertThrows(UserError.class, () -> ImageDatasets.paired(config, tmp, RES));
  }
}
