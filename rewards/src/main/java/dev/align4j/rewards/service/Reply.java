package dev.align4j.rewards.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** An HTTP response ready to send: status, content type, body and any extra headers. */
record Reply(int status, String contentType, byte[] body, Map<String, String> headers) {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String JSON_TYPE = "application/json; charset=utf-8";

  static Reply json(int status, JsonNode body) {
    try {
      return new Reply(status, JSON_TYPE, JSON.writeValueAsBytes(body), Map.of());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * {@code {"error": message, "status": N}}. A 503 carries {@code Retry-After}; a 413 (request bytes may be
   * left unread) and a refusal during shutdown close the connection.
   */
  static Reply error(ApiException e) {
    ObjectNode body = JSON.createObjectNode().put("error", e.getMessage()).put("status", e.status());
    Map<String, String> headers = new LinkedHashMap<>();
    if (e.status() == 503) headers.put("Retry-After", "1");
    if (e.status() == 413 || e.kind().equals("shutting_down")) headers.put("Connection", "close");
    return json(e.status(), body).withHeaders(headers);
  }

  Reply withHeaders(Map<String, String> extra) {
    return new Reply(status, contentType, body, extra);
  }
}
