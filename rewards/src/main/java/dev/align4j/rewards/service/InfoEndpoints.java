package dev.align4j.rewards.service;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.util.Map;

/** {@code GET /v1/models}, {@code GET /health} and {@code GET /metrics}. */
final class InfoEndpoints {
  private final Map<String, String> descriptions;
  private final ServiceMetrics metrics;

  /** {@code descriptions}: served model name to its one-line description, in listing order. */
  InfoEndpoints(Map<String, String> descriptions, ServiceMetrics metrics) {
    this.descriptions = descriptions;
    this.metrics = metrics;
  }

  /** {@code {"models": [{"name", "description"}, ...]}}. */
  Reply models(HttpExchange exchange) {
    ObjectNode out = Reply.JSON.createObjectNode();
    ArrayNode models = out.putArray("models");
    descriptions.forEach((name, description) -> models.addObject().put("name", name).put("description", description));
    return Reply.json(200, out);
  }

  /** {@code {"status": "ok", "models": [names]}} while serving (refused with 503 once shutting down). */
  Reply health(HttpExchange exchange) {
    ObjectNode out = Reply.JSON.createObjectNode().put("status", "ok");
    ArrayNode models = out.putArray("models");
    descriptions.keySet().forEach(models::add);
    return Reply.json(200, out);
  }

  /** The Prometheus text exposition. */
  Reply metrics(HttpExchange exchange) {
    return new Reply(200, metrics.contentType(), metrics.scrape(), Map.of());
  }
}
