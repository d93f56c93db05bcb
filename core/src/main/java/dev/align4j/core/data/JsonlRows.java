package dev.align4j.core.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.align4j.core.util.UserError;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads JSON lines: one UTF-8 object per line, blank lines ignored, rows numbered by line. Lines are handed
 * to Jackson as bytes, so invalid UTF-8 is reported on its own line like any other malformed JSON.
 */
final class JsonlRows {
  private static final ObjectMapper JSON = JsonMapper.builder()
      .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS) // so NaN scores are reported as NaN, not as bad JSON
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();

  private JsonlRows() {}

  /** Reads up to {@code maxRows} rows (non-blank lines) of {@code file} into {@code sink}. */
  static void read(Path file, long maxRows, RowSink sink) {
    long rows = 0;
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
      ByteArrayOutputStream buffer = new ByteArrayOutputStream();
      for (long line = 1; rows < maxRows && readLine(in, buffer); line++) {
        byte[] bytes = buffer.toByteArray();
        int start = firstNonBlank(bytes, line == 1 ? bomLength(bytes) : 0);
        if (start == bytes.length) continue;
        if (rows == 0 && bytes[start] == '[') {
          throw new UserError(file + ":" + line + ": a JSON array; expected JSON lines (one object per line)");
        }
        rows++;
        parse(file, line, bytes, start, sink);
      }
    } catch (IOException e) {
      throw new UserError(file + ": cannot read (" + e.getMessage() + ")");
    }
  }

  /** Reads up to and excluding the next '\n' into {@code line}; false at the end of the input. */
  private static boolean readLine(InputStream in, ByteArrayOutputStream line) throws IOException {
    line.reset();
    int b = in.read();
    if (b < 0) return false;
    while (b >= 0 && b != '\n') {
      line.write(b);
      b = in.read();
    }
    return true;
  }

  private static int bomLength(byte[] bytes) {
    boolean bom = bytes.length >= 3 && bytes[0] == (byte) 0xEF && bytes[1] == (byte) 0xBB && bytes[2] == (byte) 0xBF;
    return bom ? 3 : 0;
  }

  private static int firstNonBlank(byte[] bytes, int from) {
    int i = from;
    while (i < bytes.length && (bytes[i] == ' ' || bytes[i] == '\t' || bytes[i] == '\r')) i++;
    return i;
  }

  private static void parse(Path file, long line, byte[] bytes, int start, RowSink sink) {
    JsonNode node;
    try {
      node = JSON.readTree(bytes, start, bytes.length - start);
    } catch (JsonProcessingException e) {
      sink.unreadable(line, file + ":" + line + ": not valid JSON (" + oneLine(e.getOriginalMessage()) + ")");
      return;
    } catch (IOException e) {
      throw new IllegalStateException("reading from memory failed", e);
    }
    if (node instanceof ObjectNode object) {
      sink.row(line, object);
    } else {
      sink.unreadable(line, file + ":" + line + ": not a JSON object but " + RowFields.describe(node));
    }
  }

  private static String oneLine(String s) {
    return s.replaceAll("\\s+", " ").strip();
  }
}
