package dev.align4j.rewards.service;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;

/**
 * Reads a request body into memory, refusing more than a byte limit (413), and parses it as one JSON object
 * (400 when it is not). An oversized body is read and dropped up to a bound so the client still gets the 413.
 */
final class JsonBody {
  /** How much of an oversized body is read and dropped before answering; beyond it the connection is cut. */
  private static final long DRAIN_LIMIT = 8L << 20;

  private final long maxBytes;
  private final ObjectMapper mapper;

  JsonBody(long maxBytes) {
    this.maxBytes = maxBytes;
    int maxString = (int) Math.min(maxBytes, Integer.MAX_VALUE);
    JsonFactory factory = JsonFactory.builder()
        .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(maxString).build())
        .build();
    this.mapper = new ObjectMapper(factory).enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  }

  /** The request's body as a JSON object. */
  ObjectNode read(HttpExchange exchange) throws IOException {
    byte[] bytes = readBytes(exchange.getRequestBody(), declaredLength(exchange));
    JsonNode node;
    try {
      node = mapper.readTree(bytes);
    } catch (JsonProcessingException e) {
      String where = e.getLocation() == null ? ""
          : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
      throw ApiException.badRequest("malformed JSON: " + shorten(e.getOriginalMessage()) + where);
    }
    if (node == null || node.isMissingNode()) throw ApiException.badRequest("empty body: expected a JSON object");
    if (!node.isObject()) {
      throw ApiException.badRequest(
          "the body must be a JSON object, not " + node.getNodeType().name().toLowerCase(Locale.ROOT));
    }
    return (ObjectNode) node;
  }

  byte[] readBytes(InputStream in, long declared) throws IOException {
    if (declared > maxBytes) {
      if (declared <= maxBytes + DRAIN_LIMIT) in.skipNBytes(declared);
      throw tooLarge();
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(declared > 0 ? (int) declared : 8192);
    byte[] buffer = new byte[16384];
    long total = 0;
    for (int n; (n = in.read(buffer)) > 0; ) {
      total += n;
      if (total > maxBytes) {
        drain(in);
        throw tooLarge();
      }
      out.write(buffer, 0, n);
    }
    return out.toByteArray();
  }

  private ApiException tooLarge() {
    return ApiException.tooLarge("request body exceeds the limit of " + maxBytes + " bytes");
  }

  private static void drain(InputStream in) throws IOException {
    byte[] buffer = new byte[16384];
    long left = DRAIN_LIMIT;
    for (int n; left > 0 && (n = in.read(buffer, 0, (int) Math.min(buffer.length, left))) > 0; ) left -= n;
  }

  private static long declaredLength(HttpExchange exchange) {
    String value = exchange.getRequestHeaders().getFirst("Content-Length");
    if (value == null) return -1;
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static String shorten(String message) {
    String oneLine = String.valueOf(message).replaceAll("\\s+", " ");
    return oneLine.length() <= 200 ? oneLine : oneLine.substring(0, 200) + "...";
  }
}
