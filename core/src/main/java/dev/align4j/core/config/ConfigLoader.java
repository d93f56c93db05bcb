package dev.align4j.core.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import dev.align4j.core.util.UserError;
import dev.align4j.losses.Suggestions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * YAML configuration mapped onto records. {@code --set a.b=value} overrides are applied to the tree first;
 * unknown keys are an error naming the full key and the nearest valid one.
 */
public final class ConfigLoader {
  public static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
      .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
      .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES))
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .findAndRegisterModules();

  private ConfigLoader() {}

  /** Reads a YAML file into a tree. */
  public static ObjectNode read(Path file) {
    try {
      JsonNode node = YAML.readTree(Files.readString(file));
      if (node == null || node.isMissingNode() || node.isNull()) return JsonNodeFactory.instance.objectNode();
      if (!node.isObject()) throw new UserError(file + ": a config must be a YAML mapping (key: value)");
      return (ObjectNode) node;
    } catch (NoSuchFileException e) {
      throw new UserError(file + ": no such config file");
    } catch (JsonProcessingException e) {
      throw new UserError(file + ": not valid YAML (" + e.getOriginalMessage() + ", line "
          + e.getLocation().getLineNr() + ")");
    } catch (IOException e) {
      throw new UserError(file + ": cannot read (" + e.getMessage() + ")");
    }
  }

  /** Applies {@code key.path=value} overrides; the value is parsed as YAML (numbers, booleans, lists). */
  public static void override(ObjectNode root, List<String> assignments) {
    for (String a : assignments) {
      int eq = a.indexOf('=');
      if (eq <= 0) throw new UserError("--set expects key=value, got '" + a + "'");
      String[] path = a.substring(0, eq).trim().split("\\.");
      String text = a.substring(eq + 1);
      JsonNode value;
      try {
        value = text.isEmpty() ? JsonNodeFactory.instance.textNode("") : YAML.readTree(text);
      } catch (JsonProcessingException e) {
        throw new UserError("--set " + a + ": value is not valid YAML");
      }
      ObjectNode node = root;
      for (int i = 0; i < path.length - 1; i++) {
        JsonNode child = node.get(path[i]);
        if (child == null || !child.isObject()) {
          child = node.putObject(path[i]);
        }
        node = (ObjectNode) child;
      }
      node.set(path[path.length - 1], value);
    }
  }

  /** Binds a tree (or a section of it) onto a record type; {@code section} prefixes key names in messages. */
  public static <T> T bind(JsonNode node, Class<T> type, String source, String section) {
    try {
      return YAML.treeToValue(node == null ? JsonNodeFactory.instance.objectNode() : node, type);
    } catch (UnrecognizedPropertyException e) {
      String key = path(section, e.getPath());
      List<String> known = e.getKnownPropertyIds().stream().map(Object::toString).collect(Collectors.toList());
      String near = Suggestions.didYouMean(e.getPropertyName(), known);
      throw new UserError(source + ": unknown config key '" + key + "'"
          + (near.isEmpty() ? " (valid: " + String.join(", ", known) + ")" : near));
    } catch (InvalidFormatException e) {
      throw new UserError(source + ": config key '" + path(section, e.getPath()) + "': cannot read '"
          + e.getValue() + "' as " + e.getTargetType().getSimpleName());
    } catch (ValueInstantiationException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      throw new UserError(source + ": " + (section.isEmpty() ? "" : section + ": ") + cause.getMessage());
    } catch (MismatchedInputException e) {
      throw new UserError(source + ": config key '" + path(section, e.getPath()) + "': " + e.getOriginalMessage());
    } catch (JsonProcessingException e) {
      throw new UserError(source + ": " + e.getOriginalMessage());
    }
  }

  /** Writes a resolved config as YAML. */
  public static String toYaml(Object value) {
    try {
      return YAML.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String path(String section, List<com.fasterxml.jackson.databind.JsonMappingException.Reference> refs) {
    List<String> parts = new ArrayList<>();
    if (!section.isEmpty()) parts.add(section);
    for (var r : refs) {
      if (r.getFieldName() != null) parts.add(r.getFieldName());
      else if (r.getIndex() >= 0) parts.add("[" + r.getIndex() + "]");
    }
    return String.join(".", parts);
  }
}
