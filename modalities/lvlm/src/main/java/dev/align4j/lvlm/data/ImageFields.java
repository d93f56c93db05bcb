package dev.align4j.lvlm.data;

import com.fasterxml.jackson.databind.JsonNode;
import dev.align4j.core.data.BadField;
import dev.align4j.core.data.JsonFields;
import dev.align4j.core.media.Image;
import dev.align4j.core.media.MediaCodec;
import dev.align4j.core.media.MediaDecodeException;
import dev.align4j.core.util.UserError;
import dev.align4j.lvlm.ImagePrompts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The image fields of these layouts (one path, or a list of paths) and the placeholder check against them. */
final class ImageFields {
  private ImageFields() {}

  /**
   * The image files a field names: a string (one image) or a non-empty list of strings, each relative to
   * {@code dir} unless absolute and each an existing file.
   *
   * @param optional whether a missing (or null) field means no images rather than a bad row
   */
  static List<Path> paths(JsonNode row, String field, Path dir, boolean optional) throws BadField {
    JsonNode v = row.get(field);
    if (v == null || v.isNull()) {
      if (optional) return List.of();
      throw new BadField(field, "missing");
    }
    if (v.isTextual()) return List.of(JsonFields.file(row, field, dir, "image"));
    if (!v.isArray()) throw new BadField(field, "expected a path or a list of paths, got " + JsonFields.describe(v));
    if (v.isEmpty()) throw new BadField(field, "an empty list");
    List<Path> out = new ArrayList<>(v.size());
    for (int i = 0; i < v.size(); i++) {
      JsonNode item = v.get(i);
      String at = field + "[" + i + "]";
      if (!item.isTextual() || item.asText().isBlank()) {
        throw new BadField(at, "expected a path, got " + JsonFields.describe(item));
      }
      out.add(JsonFields.file(item.asText(), at, dir, "image"));
    }
    return out;
  }

  /** Stops the row when the placeholders of {@code text} (the value of {@code field}) do not fit the images. */
  static void checkPlaceholders(String text, String field, int images, String imageField) throws BadField {
    String problem = ImagePrompts.mismatch(ImagePrompts.count(text), images);
    if (problem != null) throw new BadField(field, problem + " in '" + imageField + "'");
  }

  /** Decodes {@code files}; an unreadable or undecodable one is one line naming the row, the image and the file. */
  static List<Image> load(List<Path> files, String source) {
    List<Image> out = new ArrayList<>(files.size());
    for (int i = 0; i < files.size(); i++) {
      Path f = files.get(i);
      String which = source + ", image " + (i + 1) + " (" + f + "): ";
      try {
        out.add(MediaCodec.decodeImage(Files.readAllBytes(f)));
      } catch (IOException e) {
        throw new UserError(which + "cannot read (" + e.getMessage() + ")");
      } catch (MediaDecodeException e) {
        throw new UserError(which + e.getMessage());
      }
    }
    return out;
  }

  /** The row's other fields, as provenance: strings as they are, anything else as JSON text. */
  static Map<String, String> extra(JsonNode row, Set<String> known) {
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : row.properties()) {
      if (known.contains(e.getKey()) || e.getValue().isNull()) continue;
      out.put(e.getKey(), e.getValue().isTextual() ? e.getValue().asText() : e.getValue().toString());
    }
    return out;
  }
}
