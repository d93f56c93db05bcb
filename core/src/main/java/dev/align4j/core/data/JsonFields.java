package dev.align4j.core.data;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Typed reads of one JSON row's fields for the modalities' own data layouts, each failure a {@link BadField}
 * naming the field.
 */
public final class JsonFields {
  private JsonFields() {}

  /** A non-blank string. */
  public static String text(JsonNode row, String field) throws BadField {
    JsonNode v = row.get(field);
    if (v == null || v.isNull()) throw new BadField(field, "missing");
    if (!v.isTextual()) throw new BadField(field, "expected a string, got " + describe(v));
    if (v.asText().isBlank()) throw new BadField(field, "empty");
    return v.asText();
  }

  /** A finite number. */
  public static double number(JsonNode row, String field) throws BadField {
    JsonNode v = row.get(field);
    if (v == null || v.isNull()) throw new BadField(field, "missing");
    if (!v.isNumber()) throw new BadField(field, "expected a number, got " + describe(v));
    double d = v.asDouble();
    if (!Double.isFinite(d)) throw new BadField(field, "not finite: " + d);
    return d;
  }

  /**
   * A file named by a string field, relative to {@code dir} unless absolute; it must exist.
   *
   * @param noun what the file is, for the message ("video" gives "no such video file ...")
   */
  public static Path file(JsonNode row, String field, Path dir, String noun) throws BadField {
    return file(text(row, field), field, dir, noun);
  }

  /** The file {@code name} (the value of {@code field}) relative to {@code dir} unless absolute; it must exist. */
  public static Path file(String name, String field, Path dir, String noun) throws BadField {
    Path file;
    try {
      file = dir.resolve(name).normalize();
    } catch (InvalidPathException e) {
      throw new BadField(field, "not a valid path: " + name);
    }
    if (!Files.isRegularFile(file)) throw new BadField(field, "no such " + noun + " file " + file);
    return file;
  }

  /** A value's JSON type and a short rendering, for messages. */
  public static String describe(JsonNode v) {
    String text = v.toString();
    if (text.length() > 40) text = text.substring(0, 37) + "...";
    return v.getNodeType().toString().toLowerCase(Locale.ROOT) + " " + text;
  }
}
