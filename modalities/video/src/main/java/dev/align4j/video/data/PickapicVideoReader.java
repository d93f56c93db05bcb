package dev.align4j.video.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.align4j.core.data.BadField;
import dev.align4j.core.data.BadRows;
import dev.align4j.core.data.JsonFields;
import dev.align4j.core.util.UserError;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

/**
 * Pick-a-Pic's preference layout with videos in place of images, as JSON lines: one object per line with
 * {@code caption}, {@code video_0}, {@code video_1} (paths relative to the JSONL file, or absolute) and
 * {@code label_0} (1: video_0 preferred, 0: video_1 preferred, 0.5: a tie, dropped and counted as Pick-a-Pic's
 * readers drop ties). The winner comes first. Blank lines are not rows; rows are numbered by line. An optional
 * {@code weight} (a number &gt; 0; not a Pick-a-Pic field) is the pair's loss weight, as {@code align4j pairs video}
 * writes VideoDPO's dupfactor; without it a pair has none (weight 1).
 */
public final class PickapicVideoReader {
  private static final ObjectMapper JSON = new ObjectMapper();

  private PickapicVideoReader() {}

  /**
   * The pairs of {@code file}.
   *
   * @param skipBadRows skip and count rows with a missing or ill-typed field, an unknown label or a missing
   *     video file, instead of stopping at the first
   */
  public static VideoPairs read(Path file, boolean skipBadRows) {
    return read(file, skipBadRows, Long.MAX_VALUE);
  }

  /** The pairs of the first {@code maxRows} rows of {@code file} (bad rows and ties included). */
  public static VideoPairs read(Path file, boolean skipBadRows, long maxRows) {
    Path jsonl = file.toAbsolutePath().normalize();
    if (!Files.isRegularFile(jsonl)) throw new UserError(jsonl + ": no such file");
    Path dir = jsonl.getParent();
    BadRows bad = new BadRows(skipBadRows);
    List<VideoPair> pairs = new ArrayList<>();
    long rows = 0;
    long ties = 0;
    try (BufferedReader in = Files.newBufferedReader(jsonl, StandardCharsets.UTF_8)) {
      long number = 0;
      for (String line = in.readLine(); line != null && rows < maxRows; line = in.readLine()) {
        number++;
        if (line.isBlank()) continue;
        rows++;
        String where = jsonl + ":" + number;
        try {
          JsonNode row = parse(line);
          double label = JsonFields.number(row, "label_0");
          if (label == 0.5) {
            ties++;
            continue;
          }
          if (label != 0 && label != 1) throw new BadField("label_0", "expected 1, 0 or 0.5 (a tie), got " + label);
          String caption = JsonFields.text(row, "caption");
          Path first = JsonFields.file(row, "video_0", dir, "video");
          Path second = JsonFields.file(row, "video_1", dir, "video");
          OptionalDouble weight = weight(row);
          pairs.add(label == 1 ? new VideoPair(caption, first, second, weight, where)
              : new VideoPair(caption, second, first, weight, where));
        } catch (BadField e) {
          bad.reject(where + ", " + e.getMessage());
        }
      }
    } catch (IOException e) {
      throw new UserError(jsonl + ": cannot read (" + e.getMessage() + ")");
    }
    return VideoPairs.of(jsonl, pairs, rows, ties, bad);
  }

  private static OptionalDouble weight(JsonNode row) throws BadField {
    if (!row.hasNonNull("weight")) return OptionalDouble.empty();
    double w = JsonFields.number(row, "weight");
    if (w <= 0) throw new BadField("weight", "must be > 0, got " + w);
    return OptionalDouble.of(w);
  }

  private static JsonNode parse(String line) throws BadField {
    JsonNode node;
    try {
      node = JSON.readTree(line);
    } catch (JsonProcessingException e) {
      throw BadField.row("not valid JSON (" + e.getOriginalMessage().replaceAll("\\s+", " ").strip() + ")");
    }
    if (!node.isObject()) throw BadField.row("not a JSON object but " + JsonFields.describe(node));
    return node;
  }
}
