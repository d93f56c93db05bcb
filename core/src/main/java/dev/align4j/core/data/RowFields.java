package dev.align4j.core.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.Lists;
import dev.align4j.losses.Suggestions;
import java.util.List;

/**
 * The values of one source row (a JSON object, whatever the file type), read by column role with the checks
 * every format shares. Each accessor throws {@link BadRow} naming the column and what is wrong.
 */
final class RowFields {
  private final ObjectNode node;
  private final DataConfig config;

  RowFields(ObjectNode node, DataConfig config) {
    this.node = node;
    this.config = config;
  }

  /** The column name behind a role. */
  String name(String role) {
    return config.column(role);
  }

  /** A present, non-null value. */
  JsonNode value(String role) throws BadRow {
    String name = name(role);
    JsonNode value = node.get(name);
    if (value == null) {
      List<String> present = Lists.newArrayList(node.fieldNames());
      throw BadRow.column(name, "missing (the row has " + String.join(", ", present) + ")"
          + Suggestions.didYouMean(name, present));
    }
    if (value.isNull()) throw BadRow.column(name, "null");
    return value;
  }

  /** A non-empty string. */
  String string(String role) throws BadRow {
    JsonNode value = value(role);
    if (!value.isTextual()) throw BadRow.column(name(role), "expected a string, got " + describe(value));
    if (value.textValue().isEmpty()) throw BadRow.column(name(role), "empty");
    return value.textValue();
  }

  /** A prompt: a non-empty string or list of messages. */
  Text text(String role) throws BadRow {
    Text text = toText(name(role), value(role), "");
    if (text.isBlank()) throw BadRow.column(name(role), "empty");
    return text;
  }

  /** A completion: like {@link #text} but an empty one is called an empty completion. */
  Text completion(String role) throws BadRow {
    Text text = toText(name(role), value(role), "");
    if (text.isBlank()) throw BadRow.column(name(role), "empty completion");
    return text;
  }

  /** A non-empty list of {role, content} messages. */
  List<Message> messages(String role) throws BadRow {
    JsonNode value = value(role);
    if (!value.isArray()) throw BadRow.column(name(role), "expected a list of messages, got " + describe(value));
    List<Message> messages = toMessages(name(role), value, "");
    if (messages.isEmpty()) throw BadRow.column(name(role), "empty list of messages");
    return messages;
  }

  /** A label: true/false or 1/0. */
  boolean label(String role) throws BadRow {
    JsonNode value = value(role);
    if (value.isBoolean()) return value.booleanValue();
    if (value.isNumber() && (value.doubleValue() == 0 || value.doubleValue() == 1)) return value.doubleValue() == 1;
    throw BadRow.column(name(role), "expected a label true/false or 1/0, got " + describe(value));
  }

  /** A list of completions (strings or message lists), none empty. */
  List<Text> completions(String role) throws BadRow {
    String name = name(role);
    JsonNode value = value(role);
    if (!value.isArray()) throw BadRow.column(name, "expected a list of completions, got " + describe(value));
    ImmutableList.Builder<Text> out = ImmutableList.builder();
    for (int i = 0; i < value.size(); i++) {
      String at = "completion " + (i + 1) + ": ";
      JsonNode item = value.get(i);
      if (item.isNull()) throw BadRow.column(name, at + "null");
      Text text = toText(name, item, at);
      if (text.isBlank()) throw BadRow.column(name, at + "empty completion");
      out.add(text);
    }
    return out.build();
  }

  /** A list of finite numbers. */
  List<Double> scores(String role) throws BadRow {
    String name = name(role);
    JsonNode value = value(role);
    if (!value.isArray()) throw BadRow.column(name, "expected a list of numbers, got " + describe(value));
    ImmutableList.Builder<Double> out = ImmutableList.builder();
    for (int i = 0; i < value.size(); i++) {
      JsonNode item = value.get(i);
      String at = "score " + (i + 1) + " ";
      if (!item.isNumber()) throw BadRow.column(name, at + "is not a number: " + describe(item));
      double x = item.doubleValue();
      if (Double.isNaN(x)) throw BadRow.column(name, at + "is NaN");
      if (Double.isInfinite(x)) throw BadRow.column(name, at + "is infinite");
      out.add(x);
    }
    return out.build();
  }

  private static Text toText(String name, JsonNode value, String at) throws BadRow {
    if (value.isTextual()) return Text.raw(value.textValue());
    if (value.isArray()) return Text.messages(toMessages(name, value, at));
    throw BadRow.column(name, at + "expected a string or a list of messages, got " + describe(value));
  }

  private static List<Message> toMessages(String name, JsonNode list, String at) throws BadRow {
    ImmutableList.Builder<Message> out = ImmutableList.builder();
    for (int i = 0; i < list.size(); i++) {
      JsonNode m = list.get(i);
      String where = at + "message " + (i + 1);
      if (!m.isObject()) throw BadRow.column(name, where + " is " + describe(m) + ", expected {role, content}");
      out.add(new Message(messageField(name, m, "role", where), messageField(name, m, "content", where)));
    }
    return out.build();
  }

  private static String messageField(String name, JsonNode message, String field, String where) throws BadRow {
    JsonNode v = message.get(field);
    if (v == null || v.isNull()) throw BadRow.column(name, where + " has no '" + field + "'");
    if (!v.isTextual()) throw BadRow.column(name, where + ": '" + field + "' is " + describe(v) + ", not a string");
    if (field.equals("role") && v.textValue().isBlank()) throw BadRow.column(name, where + " has an empty role");
    return v.textValue();
  }

  /** "a string", "a number (3)", "a list", ... for messages. */
  static String describe(JsonNode v) {
    return switch (v.getNodeType()) {
      case STRING -> "a string";
      case NUMBER -> "a number (" + v.asText() + ")";
      case BOOLEAN -> "a boolean (" + v.asText() + ")";
      case ARRAY -> "a list";
      case OBJECT, POJO -> "an object";
      case NULL, MISSING -> "null";
      case BINARY -> "binary data";
    };
  }
}
