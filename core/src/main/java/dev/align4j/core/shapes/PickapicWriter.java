package dev.align4j.core.shapes;

import dev.align4j.core.media.MediaCodec;
import dev.align4j.core.util.UserError;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.duckdb.DuckDBDriver;

/**
 * Writes comparisons as a Parquet file in the exact {@code pickapic_v2} schema (column names and types as the
 * real dataset has them, in its column order), through an in-memory DuckDB, atomically: a temporary file next
 * to the target, then a rename. Images are JPEGs; uids are derived from each image's seed and scene, so the
 * same rows give the same file contents.
 */
public final class PickapicWriter {
  /** The schema, in the dataset's column order. */
  public static final String SCHEMA = "are_different BOOLEAN, best_image_uid VARCHAR, caption VARCHAR, "
      + "created_at TIMESTAMP, has_label BOOLEAN, image_0_uid VARCHAR, image_0_url VARCHAR, image_1_uid VARCHAR, "
      + "image_1_url VARCHAR, jpg_0 BLOB, jpg_1 BLOB, label_0 DOUBLE, label_1 DOUBLE, model_0 VARCHAR, "
      + "model_1 VARCHAR, ranking_id BIGINT, user_id BIGINT, num_example_per_prompt BIGINT";
  private static final LocalDateTime EPOCH = LocalDateTime.of(2023, 4, 1, 0, 0);
  private final float jpegQuality;

  public PickapicWriter(float jpegQuality) {
    this.jpegQuality = jpegQuality;
  }

  /** A writer with JPEG quality 0.95. */
  public PickapicWriter() {
    this(0.95f);
  }

  /** Writes {@code rows} to {@code file} (replacing it); nothing is left half-written on failure. */
  public void write(Path file, List<PickapicRow> rows) {
    Path dir = file.toAbsolutePath().getParent();
    if (dir == null || !Files.isDirectory(dir)) throw new UserError(file + ": no such directory " + dir);
    Path tmp = dir.resolve("." + file.getFileName() + ".tmp");
    try (Connection db = new DuckDBDriver().connect("jdbc:duckdb:", settings())) {
      try (Statement s = db.createStatement()) {
        s.execute("CREATE TABLE pickapic (" + SCHEMA + ")");
      }
      insert(db, rows);
      try (Statement s = db.createStatement()) {
        s.execute("COPY pickapic TO '" + tmp.toString().replace("'", "''") + "' (FORMAT PARQUET)");
      }
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (SQLException | IOException e) {
      throw new UserError(file + ": cannot write Parquet (" + e.getMessage().lines().findFirst().orElse("") + ")", e);
    } finally {
      try {
        Files.deleteIfExists(tmp);
      } catch (IOException ignored) {
        // best effort: the temporary file is hidden and replaced next time
      }
    }
  }

  private void insert(Connection db, List<PickapicRow> rows) throws SQLException {
    Map<String, Long> perPrompt = new HashMap<>();
    for (PickapicRow r : rows) perPrompt.merge(r.caption(), 1L, Long::sum);
    try (PreparedStatement q = db.prepareStatement(
        "INSERT INTO pickapic VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      for (int i = 0; i < rows.size(); i++) {
        PickapicRow r = rows.get(i);
        byte[] jpg0 = MediaCodec.encodeJpeg(r.image0().pixels(), jpegQuality);
        byte[] jpg1 = MediaCodec.encodeJpeg(r.image1().pixels(), jpegQuality);
        String uid0 = uid(r.image0());
        String uid1 = uid(r.image1());
        int c = 1;
        q.setBoolean(c++, !Arrays.equals(jpg0, jpg1));
        q.setString(c++, r.isTie() ? "" : r.label0() == 1 ? uid0 : uid1);
        q.setString(c++, r.caption());
        q.setObject(c++, EPOCH.plusSeconds(i));
        q.setBoolean(c++, true);
        q.setString(c++, uid0);
        q.setString(c++, url(uid0));
        q.setString(c++, uid1);
        q.setString(c++, url(uid1));
        q.setBytes(c++, jpg0);
        q.setBytes(c++, jpg1);
        q.setDouble(c++, r.label0());
        q.setDouble(c++, 1 - r.label0());
        q.setString(c++, model(r.caption(), r.image0()));
        q.setString(c++, model(r.caption(), r.image1()));
        q.setLong(c++, i);
        q.setLong(c++, 1 + Math.floorMod(Seeds.derive(r.caption().hashCode(), 0), 100));
        q.setLong(c++, perPrompt.get(r.caption()));
        q.addBatch();
      }
      q.executeBatch();
    }
  }

  private static String uid(ShapeImage image) {
    byte[] scene = Caption.of(image.scene()).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    ByteBuffer b = ByteBuffer.allocate(8 + scene.length).putLong(image.seed()).put(scene);
    return UUID.nameUUIDFromBytes(b.array()).toString();
  }

  private static String url(String uid) {
    return "https://shapes.invalid/" + uid + ".jpg";
  }

  /** Which "model" drew the image: a faithful render of the caption or a perturbed one. */
  private static String model(String caption, ShapeImage image) {
    return Checker.score(image, caption) == 1.0 ? "shapes-faithful" : "shapes-perturbed";
  }

  private static Properties settings() {
    Properties p = new Properties();
    p.setProperty("autoinstall_known_extensions", "false");
    p.setProperty("autoload_known_extensions", "false");
    p.setProperty("preserve_insertion_order", "true");
    return p;
  }
}
