package dev.align4j.lvlm.data;

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

/**
 * The rows of a JSON file as these layouts ship them: a JSON list of objects ({@code data.json}; rows named
 * {@code file[i]}, from 0), or JSON lines ({@code .jsonl}; rows named {@code file:line}, blank lines not rows), as
 * MIA-DPO's loader takes either.
 */
final class JsonRows {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Turns one row into an item, or says which field is unusable. */
  @FunctionalInterface
  interface RowReader<T> {
    T read(JsonNode row, String where) throws BadField;
  }

  private JsonRows() {}

  /** Reads the first {@code maxRows} rows of {@code file} with {@code reader}, bad rows stopped on or counted. */
  static <T> FileRows<T> read(Path file, boolean skipBadRows, long maxRows, String what, RowReader<T> reader) {
    Path path = file.toAbsolutePath().normalize();
    if (!Files.isRegularFile(path)) throw new UserError(path + ": no such file");
    BadRows bad = new BadRows(skipBadRows);
    List<T> items = new ArrayList<>();
    long rows = 0;
    if (path.getFileName().toString().endsWith(".jsonl")) {
      try (BufferedReader in = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
        long number = 0;
        for (String line = in.readLine(); line != null && rows < maxRows; line = in.readLine()) {
          number++;
          if (line.isBlank()) continue;
          rows++;
          String where = path + ":" + number;
          try {
            items.add(reader.read(object(parse(line)), where));
          } catch (BadField e) {
            bad.reject(where + ", " + e.getMessage());
          }
        }
      } catch (IOException e) {
        throw new UserError(path + ": cannot read (" + e.getMessage() + ")");
      }
    } else {
      JsonNode list;
      try {
        list = JSON.readTree(path.toFile());
      } catch (IOException e) {
        throw new UserError(path + ": not valid JSON (" + e.getMessage().split("\n")[0] + ")");
      }
      if (list == null || !list.isArray()) {
        throw new UserError(path + ": expected a JSON list of rows (or JSON lines in a .jsonl file)");
      }
      for (int i = 0; i < list.size() && rows < maxRows; i++) {
        rows++;
        String where = path + "[" + i + "]";
        try {
          items.add(reader.read(object(list.get(i)), where));
        } catch (BadField e) {
          bad.reject(where + ", " + e.getMessage());
        }
      }
    }
    bad.requireUsable(path, rows, items.size(), what, "none kept");
    return new FileRows<>(items, rows, bad.skipped(), bad.reasons());
  }

  private static JsonNode parse(String line) throws BadField {
    try {
      return JSON.readTree(line);
    } catch (JsonProcessingException e) {
      throw BadField.row("not valid JSON (" + e.getOriginalMessage().replaceAll("\\s+", " ").strip() + ")");
    }
  }

  private static JsonNode object(JsonNode node) throws BadField {
    if (node == null || !node.isObject()) {
      throw BadField.row("not a JSON object but " + (node == null ? "nothing" : JsonFields.describe(node)));
    }
    return node;
  }
}
