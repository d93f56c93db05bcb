package dev.align4j.rewards.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.align4j.losses.Suggestions;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

/**
 * The body of {@code /v1/score} and {@code /v1/compare}: {@code {"reward": NAME, "prompt": TEXT, "images":
 * [BASE64, ...]}}, checked field by field. Images stay base64 here; nothing in a request is ever read as a path.
 */
record ScoreRequest(String reward, String prompt, List<String> images) {
  private static final List<String> FIELDS = List.of("reward", "prompt", "images");

  /** Validates a parsed body: 400 naming the field for a missing or mistyped one, 413 past {@code maxImages}. */
  static ScoreRequest from(ObjectNode body, int maxImages) {
    for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
      String field = it.next();
      if (!FIELDS.contains(field)) {
        throw ApiException.badRequest("unknown field '" + field + "'" + Suggestions.didYouMean(field, FIELDS)
            + " (expected " + String.join(", ", FIELDS) + ")");
      }
    }
    String reward = text(body, "reward");
    if (reward.isBlank()) throw ApiException.badRequest("field 'reward' is empty: name a reward model");
    String prompt = text(body, "prompt");
    JsonNode images = body.get("images");
    if (images == null) throw ApiException.badRequest("missing field 'images' (an array of base64-encoded images)");
    if (!images.isArray()) {
      throw ApiException.badRequest("field 'images' must be an array of base64 strings, not " + type(images));
    }
    if (images.isEmpty()) throw ApiException.badRequest("field 'images' is empty: send at least one image");
    if (images.size() > maxImages) {
      throw ApiException.tooLarge("too many images: " + images.size() + " (the limit is " + maxImages + ")");
    }
    List<String> encoded = new ArrayList<>(images.size());
    for (int i = 0; i < images.size(); i++) {
      JsonNode image = images.get(i);
      if (!image.isTextual()) {
        throw ApiException.badRequest("images[" + i + "] must be a base64 string, not " + type(image));
      }
      encoded.add(image.textValue());
    }
    return new ScoreRequest(reward, prompt, List.copyOf(encoded));
  }

  private static String text(ObjectNode body, String field) {
    JsonNode node = body.get(field);
    if (node == null) throw ApiException.badRequest("missing field '" + field + "'");
    if (!node.isTextual()) {
      throw ApiException.badRequest("field '" + field + "' must be a string, not " + type(node));
    }
    return node.textValue();
  }

  private static String type(JsonNode node) {
    return switch (node.getNodeType()) {
      case ARRAY -> "an array";
      case OBJECT, POJO -> "an object";
      default -> "a " + node.getNodeType().name().toLowerCase(Locale.ROOT);
    };
  }
}
