package dev.align4j.video.data;

import com.fasterxml.jackson.databind.JsonNode;
import dev.align4j.video.data.BadRows.BadField;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/** Typed reads of one JSON row's fields, each failure a {@link BadField} naming the field. */
final class RowFields {
  private RowFields() {}

  /** A non-blank string. */
  static String text(JsonNode row, String field) throws BadField {
    JsonNode v = row.get(field);
    if (v == null || v.isNull()) throw new BadField(field, "missing");
    if (!v.isTextual()) throw new BadField(field, "expected a string, got " + describe(v));
    if (v.asText().isBlank()) throw new BadField(field, "empty");
    return v.asText();
  }

  /** A finite number. */
  static double number(JsonNode row, String field) throws BadField {
    JsonNode v = row.get(field);
    if (v == null || v.isNull()) throw new BadField(field, "missing");
    if (!v.isNumber()) throw new BadField(field, "expected a number, got " + describe(v));
    double d = v.asDouble();
    if (!Double.isFinite(d)) throw new BadField(field, "not finite: " + d);
    return d;
  }

  /** A video file named by a string field, relative to {@code dir} unless absolute; it must exist. */
  static Path video(JsonNode row, String field, Path dir) throws BadField {
    String name = text(row, field);
    Path file;
    try {
      file = dir.resolve(name).normalize();
    } catch (InvalidPathException e) {
      throw new BadField(field, "not a valid path: " + name);
    }
    if (!Files.isRegularFile(file)) throw new BadField(field, "no such video file " + file);
    return file;
  }

  /** A value's JSON type and a short rendering, for messages. */
  static String describe(JsonNode v) {
    String text = v.toString();
    if (text.length() > 40) text = text.substring(0, 37) + "...";
    return v.getNodeType().toString().toLowerCase(java.util.Locale.ROOT) + " " + text;
  }
}
