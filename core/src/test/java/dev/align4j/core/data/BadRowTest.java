package dev.align4j.core.data;

import static dev.align4j.core.data.Fixtures.jsonl;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.align4j.core.data.DataConfig.Format;
import dev.align4j.core.data.DataConfig.Preset;
import dev.align4j.core.util.UserError;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each kind of bad row: the exact one-line message, and the same row skipped and counted when allowed. */
class BadRowTest {
  private static final String HUMAN_A = "\\n\\nHuman: a\\n\\nAssistant:";

  @TempDir Path dir;

  static Stream<Arguments> cases() {
    return Stream.of(
        // paired
        bad("paired", "{\"prompt\": \"p\", \"rejected\": \"r\"}",
            "column 'chosen': missing (the row has prompt, rejected)"),
        bad("paired", "{\"prompt\": \"p\", \"chosen_\": \"c\", \"rejected\": \"r\"}",
            "column 'chosen': missing (the row has prompt, chosen_, rejected); did you mean 'chosen_'?"),
        bad("paired", "{\"prompt\": null, \"chosen\": \"c\", \"rejected\": \"r\"}", "column 'prompt': null"),
        bad("paired", "{\"prompt\": \"\", \"chosen\": \"c\", \"rejected\": \"r\"}", "column 'prompt': empty"),
        bad("paired", "{\"prompt\": \"p\", \"chosen\": \"\", \"rejected\": \"r\"}",
            "column 'chosen': empty completion"),
        bad("paired", "{\"prompt\": \"p\", \"chosen\": \"c\", \"rejected\": \" \\n\"}",
            "column 'rejected': empty completion"),
        bad("paired", "{\"prompt\": \"p\", \"chosen\": [], \"rejected\": \"r\"}", "column 'chosen': empty completion"),
        bad("paired", "{\"prompt\": \"p\", \"chosen\": 3, \"rejected\": \"r\"}",
            "column 'chosen': expected a string or a list of messages, got a number (3)"),
        bad("paired", "{\"prompt\": \"p\", \"chosen\": {\"a\": 1}, \"rejected\": \"r\"}",
            "column 'chosen': expected a string or a list of messages, got an object"),
        bad("paired", "{\"prompt\": \"p\", \"chosen\": [{\"role\": \"assistant\"}], \"rejected\": \"r\"}",
            "column 'chosen': message 1 has no 'content'"),
        bad("paired", "{\"prompt\": \"p\", \"chosen\": [{\"role\": \"assistant\", \"content\": 5}], \"rejected\": "
            + "\"r\"}",
            "column 'chosen': message 1: 'content' is a number (5), not a string"),
        bad("paired", "{\"prompt\": [{\"role\": \"\", \"content\": \"x\"}], \"chosen\": \"c\", \"rejected\": \"r\"}",
            "column 'prompt': message 1 has an empty role"),
        bad("paired", "{\"prompt\": [\"hi\"], \"chosen\": \"c\", \"rejected\": \"r\"}",
            "column 'prompt': message 1 is a string, expected {role, content}"),
        // unpaired
        bad("unpaired", "{\"prompt\": \"p\", \"completion\": \"c\", \"label\": 2}",
            "column 'label': expected a label true/false or 1/0, got a number (2)"),
        bad("unpaired", "{\"prompt\": \"p\", \"completion\": \"c\", \"label\": \"yes\"}",
            "column 'label': expected a label true/false or 1/0, got a string"),
        bad("unpaired", "{\"prompt\": \"p\", \"completion\": \"\", \"label\": true}",
            "column 'completion': empty completion"),
        bad("unpaired", "{\"prompt\": \"p\", \"completion\": \"c\"}",
            "column 'label': missing (the row has prompt, completion)"),
        // listwise
        bad("listwise", "{\"prompt\": \"p\", \"completions\": [\"a\", \"b\"], \"scores\": [1, NaN]}",
            "column 'scores': score 2 is NaN"),
        bad("listwise", "{\"prompt\": \"p\", \"completions\": [\"a\", \"b\"], \"scores\": [-Infinity, 1]}",
            "column 'scores': score 1 is infinite"),
        bad("listwise", "{\"prompt\": \"p\", \"completions\": [\"a\", \"b\"], \"scores\": [1, \"2\"]}",
            "column 'scores': score 2 is not a number: a string"),
        bad("listwise", "{\"prompt\": \"p\", \"completions\": [\"a\", \"b\"], \"scores\": [1]}",
            "columns 'completions' and 'scores': 2 completions but 1 scores"),
        bad("listwise", "{\"prompt\": \"p\", \"completions\": [\"a\", \"\"], \"scores\": [1, 2]}",
            "column 'completions': completion 2: empty completion"),
        bad("listwise", "{\"prompt\": \"p\", \"completions\": [\"a\", null], \"scores\": [1, 2]}",
            "column 'completions': completion 2: null"),
        bad("listwise", "{\"prompt\": \"p\", \"completions\": [\"a\"], \"scores\": [1]}",
            "column 'completions': needs at least 2 completions, got 1"),
        bad("listwise", "{\"prompt\": \"p\", \"completions\": \"a\", \"scores\": [1]}",
            "column 'completions': expected a list of completions, got a string"),
        bad("listwise", "{\"prompt\": \"p\", \"completions\": [\"a\", \"b\"], \"scores\": 3}",
            "column 'scores': expected a list of numbers, got a number (3)"),
        // ultrafeedback_binarized
        bad("ultrafeedback", uf("\"hi\"", conversation("user", "hi", "assistant", "a"),
            conversation("user", "hi", "user", "b")),
            "column 'rejected': the last message is from 'user', expected 'assistant'"),
        bad("ultrafeedback", uf("\"hi\"", conversation("user", "hi", "assistant", "a"),
            conversation("user", "ho", "assistant", "b")),
            "columns 'chosen' and 'rejected': the conversations differ before the last message"),
        bad("ultrafeedback", uf("\"hi\"", conversation("user", "hi", "assistant", " "),
            conversation("user", "hi", "assistant", "b")),
            "column 'chosen': empty completion"),
        bad("ultrafeedback", uf("\"hi\"", "\"a\"", conversation("user", "hi", "assistant", "b")),
            "column 'chosen': expected a list of messages, got a string"),
        bad("ultrafeedback", uf("\"hi\"", "[]", conversation("user", "hi", "assistant", "b")),
            "column 'chosen': empty list of messages"),
        bad("ultrafeedback", uf("\"\"", conversation("assistant", "a"), conversation("assistant", "b")),
            "column 'prompt': empty"),
        bad("ultrafeedback", "{\"chosen\": " + conversation("assistant", "a") + ", \"rejected\": "
            + conversation("assistant", "b") + "}",
            "column 'prompt': missing (the row has chosen, rejected)"),
        // hh_rlhf
        bad("hh", "{\"chosen\": \"\\n\\nHuman: a\\n\\nAssistant: x\", \"rejected\": \"\\n\\nHuman: b\\n\\nAssistant: "
            + "y\"}",
            "columns 'chosen' and 'rejected': no shared prompt ending in \"\\n\\nAssistant:\""),
        bad("hh", "{\"chosen\": \"" + HUMAN_A + "\", \"rejected\": \"" + HUMAN_A + " y\"}",
            "column 'chosen': empty completion"),
        bad("hh", "{\"chosen\": \"" + HUMAN_A + " x\", \"rejected\": \"" + HUMAN_A + "  \"}",
            "column 'rejected': empty completion"),
        bad("hh", "{\"chosen\": [], \"rejected\": \"" + HUMAN_A + " y\"}",
            "column 'chosen': expected a string, got a list"));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void stopsWithOneLineOrSkipsAndCounts(String kind, String line, String problem) throws Exception {
    Path file = jsonl(dir, "t.jsonl", good(kind), line);
    String reason = file + ": row 2, " + problem;
    UserError e = assertThrows(UserError.class, () -> DatasetReader.read(config(kind), dir));
    assertEquals(reason + " (set data.skip_bad_rows to skip such rows)", e.getMessage());

    LoadedData data = DatasetReader.read(config(kind).withSkipBadRows(true), dir);
    assertEquals(1, data.train().size());
    assertEquals(2, data.rowsRead());
    assertEquals(1, data.rowsSkipped());
    assertEquals(List.of(reason), data.skipReasons());
  }

  @Test
  void keepsTheFirstThreeReasonsAndCountsAll() throws Exception {
    Path file = jsonl(dir, "t.jsonl",
        "{\"prompt\": \"p\", \"chosen\": \"\", \"rejected\": \"r\"}",
        good("paired"),
        "{\"prompt\": null, \"chosen\": \"c\", \"rejected\": \"r\"}",
        "not json",
        "{\"prompt\": \"p\", \"chosen\": \"c\", \"rejected\": 1}",
        good("paired"));
    LoadedData data = DatasetReader.read(DataConfig.of("t.jsonl").withSkipBadRows(true).withEvalFraction(0.5), dir);
    assertEquals(6, data.rowsRead());
    assertEquals(4, data.rowsSkipped());
    assertEquals(List.of(2L), data.train().stream().map(PreferenceExample::row).toList());
    assertEquals(List.of(6L), data.eval().stream().map(PreferenceExample::row).toList());
    assertEquals(3, data.skipReasons().size());
    assertEquals(file + ": row 1, column 'chosen': empty completion", data.skipReasons().get(0));
    assertEquals(file + ": row 3, column 'prompt': null", data.skipReasons().get(1));
    assertEquals(file + ":4: not valid JSON (Unrecognized token 'not': was expecting (JSON String, Number (or "
        + "'NaN'/'+INF'/'-INF'),"
        + " Array, Object or token 'null', 'true' or 'false'))", data.skipReasons().get(2));
  }

  @Test
  void nothingLeftAfterSkippingIsOneLine() throws Exception {
    Path file = jsonl(dir, "t.jsonl", "{\"prompt\": \"p\", \"chosen\": \"\", \"rejected\": \"r\"}", "{}");
    UserError e = assertThrows(UserError.class,
        () -> DatasetReader.read(DataConfig.of("t.jsonl").withSkipBadRows(true), dir));
    assertEquals(file + ": no usable rows (2 read, all skipped as bad; first: " + file
        + ": row 1, column 'chosen': empty completion)", e.getMessage());
  }

  private static Arguments bad(String kind, String line, String problem) {
    return Arguments.of(kind, line, problem);
  }

  private static DataConfig config(String kind) {
    DataConfig c = DataConfig.of("t.jsonl");
    return switch (kind) {
      case "paired" -> c;
      case "unpaired" -> c.withFormat(Format.UNPAIRED);
      case "listwise" -> c.withFormat(Format.LISTWISE);
      case "ultrafeedback" -> c.withPreset(Preset.ULTRAFEEDBACK_BINARIZED);
      case "hh" -> c.withPreset(Preset.HH_RLHF);
      default -> throw new IllegalArgumentException(kind);
    };
  }

  private static String good(String kind) {
    return switch (kind) {
      case "paired" -> "{\"prompt\": \"p\", \"chosen\": \"c\", \"rejected\": \"r\"}";
      case "unpaired" -> "{\"prompt\": \"p\", \"completion\": \"c\", \"label\": false}";
      case "listwise" -> "{\"prompt\": \"p\", \"completions\": [\"a\", \"b\"], \"scores\": [0.5, 1]}";
      case "ultrafeedback" -> uf("\"hi\"", conversation("user", "hi", "assistant", "a"),
          conversation("user", "hi", "assistant", "b"));
      case "hh" -> "{\"chosen\": \"" + HUMAN_A + " x\", \"rejected\": \"" + HUMAN_A + " y\"}";
      default -> throw new IllegalArgumentException(kind);
    };
  }

  private static String uf(String prompt, String chosen, String rejected) {
    return "{\"prompt\": " + prompt + ", \"prompt_id\": \"id\", \"chosen\": " + chosen + ", \"rejected\": " + rejected
        + "}";
  }

  private static String conversation(String... roleContent) {
    StringBuilder s = new StringBuilder("[");
    for (int i = 0; i < roleContent.length; i += 2) {
      if (i > 0) s.append(", ");
      s.append("{\"content\": \"").append(roleContent[i + 1]).append("\", \"role\": \"").append(roleContent[i])
          .append("\"}");
    }
    return s.append(']').toString();
  }
}
