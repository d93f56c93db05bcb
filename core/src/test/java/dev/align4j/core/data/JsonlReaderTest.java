package dev.align4j.core.data;

import static dev.align4j.core.data.Fixtures.jsonl;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.core.data.DataConfig.Format;
import dev.align4j.core.data.DataConfig.Preset;
import dev.align4j.core.data.PreferenceExample.Listwise;
import dev.align4j.core.data.PreferenceExample.Paired;
import dev.align4j.core.data.PreferenceExample.Unpaired;
import com.google.common.primitives.Bytes;
import dev.align4j.core.util.UserError;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every format and preset from JSON lines, paths, splits and file-level mistakes. */
class JsonlReaderTest {
  @TempDir Path dir;

  @Test
  void pairedStringsAndMessageListsAreDetectedPerValue() throws Exception {
    jsonl(dir, "t.jsonl",
        "{\"prompt\": \"2+2?\", \"chosen\": \"4\", \"rejected\": \"5\", \"extra\": 1}",
        "",
        "{\"prompt\": [{\"role\": \"system\", \"content\": \"\"}, {\"role\": \"user\", \"content\": \"hi\"}],"
            + " \"chosen\": [{\"role\": \"assistant\", \"content\": \"hello\"}], \"rejected\": \"go away\"}");
    LoadedData data = DatasetReader.read(DataConfig.of("t.jsonl"), dir);
    assertEquals(2, data.rowsRead());
    assertEquals(0, data.rowsSkipped());
    assertEquals(List.of(), data.eval());
    Path file = dir.resolve("t.jsonl");
    assertEquals(new Paired(file.toString(), 1, Text.raw("2+2?"), Text.raw("4"), Text.raw("5")), data.train().get(0));
    Paired second = (Paired) data.train().get(1);
    assertEquals(3, second.row());
    assertEquals(List.of(new Message("system", ""), new Message("user", "hi")), second.prompt().messages());
    assertEquals(List.of(new Message("assistant", "hello")), second.chosen().messages());
    assertEquals(Text.raw("go away"), second.rejected());
  }

  @Test
  void unpairedLabelsAreBooleansOrZeroOne() throws Exception {
    jsonl(dir, "u.json",
        "{\"prompt\": \"p\", \"completion\": \"a\", \"label\": true}",
        "{\"prompt\": \"p\", \"completion\": \"b\", \"label\": 0}",
        "{\"prompt\": \"p\", \"completion\": \"c\", \"label\": 1}");
    LoadedData data = DatasetReader.read(DataConfig.of("u.json").withFormat(Format.UNPAIRED), dir);
    assertEquals(List.of(true, false, true), data.train().stream().map(e -> ((Unpaired) e).label()).toList());
    assertEquals(Text.raw("b"), ((Unpaired) data.train().get(1)).completion());
  }

  @Test
  void listwise() throws Exception {
    jsonl(dir, "l.jsonl", "{\"prompt\": \"p\", \"completions\": [\"a\", \"b\", \"c\"], \"scores\": [1, 2.5, -3e2]}");
    Listwise l = (Listwise) DatasetReader.read(DataConfig.of("l.jsonl").withFormat(Format.LISTWISE), dir).train()
        .get(0);
    assertEquals(List.of(Text.raw("a"), Text.raw("b"), Text.raw("c")), l.completions());
    assertEquals(List.of(1.0, 2.5, -300.0), l.scores());
  }

  @Test
  void columnsAreRenamed() throws Exception {
    jsonl(dir, "t.jsonl", "{\"question\": \"q\", \"good\": \"g\", \"bad\": \"b\"}");
    DataConfig config = DataConfig.of("t.jsonl").withColumns(Map.of("prompt", "question", "chosen", "good",
        "rejected", "bad"));
    Paired p = (Paired) DatasetReader.read(config, dir).train().get(0);
    assertEquals(Text.raw("g"), p.chosen());
  }

  @Test
  void hhRlhfSplitsDialoguesAtTheLastSharedAssistantTurn() throws Exception {
    String context = "\n\nHuman: What is 2+2?\n\nAssistant: 4.\n\nHuman: And 3+3?\n\nAssistant:";
    jsonl(dir, "hh.jsonl",
        json(Map.of("chosen", context + " 6.", "rejected", context + " 7, or\n\nHuman: ok\n\nAssistant: 6.")),
        // They share " I" after the marker: the prompt still ends right after "Assistant:".
        json(Map.of("chosen", "\n\nHuman: Hi\n\nAssistant: I am fine.", "rejected",
            "\n\nHuman: Hi\n\nAssistant: I won't.")));
    List<PreferenceExample> train =
        DatasetReader.read(DataConfig.of("hh.jsonl").withPreset(Preset.HH_RLHF), dir).train();
    Paired first = (Paired) train.get(0);
    assertEquals(Text.raw(context), first.prompt());
    assertEquals(Text.raw(" 6."), first.chosen());
    assertEquals(Text.raw(" 7, or\n\nHuman: ok\n\nAssistant: 6."), first.rejected());
    Paired second = (Paired) train.get(1);
    assertEquals(Text.raw("\n\nHuman: Hi\n\nAssistant:"), second.prompt());
    assertEquals(Text.raw(" I am fine."), second.chosen());
    assertEquals(Text.raw(" I won't."), second.rejected());
  }

  @Test
  void ultrafeedbackPresetReadsJsonLinesToo() throws Exception {
    jsonl(dir, "uf.jsonl", "{\"prompt\": \"hi\", \"chosen\": [{\"content\": \"hi\", \"role\": \"user\"}, "
        + "{\"content\": \"hello\", \"role\": \"assistant\"}], \"rejected\": [{\"content\": \"hi\", \"role\": "
        + "\"user\"}, "
        + "{\"content\": \"no\", \"role\": \"assistant\"}]}");
    Paired p = (Paired) DatasetReader.read(DataConfig.of("uf.jsonl").withPreset(Preset.ULTRAFEEDBACK_BINARIZED), dir)
        .train().get(0);
    assertEquals(Text.messages(List.of(new Message("user", "hi"))), p.prompt());
    assertEquals(Text.messages(List.of(new Message("assistant", "hello"))), p.chosen());
    assertEquals(Text.messages(List.of(new Message("assistant", "no"))), p.rejected());
  }

  @Test
  void evalFractionHoldsOutTheLastRows() throws Exception {
    jsonl(dir, "t.jsonl", pairedLines(10));
    LoadedData data = DatasetReader.read(DataConfig.of("t.jsonl").withEvalFraction(0.2), dir);
    assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L), data.train().stream().map(PreferenceExample::row).toList());
    assertEquals(List.of(9L, 10L), data.eval().stream().map(PreferenceExample::row).toList());
    // A tiny fraction still holds out one example, and never all of them.
    assertEquals(1, DatasetReader.read(DataConfig.of("t.jsonl").withEvalFraction(0.01), dir).eval().size());
    assertEquals(9, DatasetReader.read(DataConfig.of("t.jsonl").withEvalFraction(0.99), dir).eval().size());
  }

  @Test
  void evalFractionNeedsTwoExamples() throws Exception {
    Path file = jsonl(dir, "t.jsonl", pairedLines(1));
    assertMessage(file + ": 1 usable example, too few to hold out data.eval_fraction 0.5",
        DataConfig.of("t.jsonl").withEvalFraction(0.5));
  }

  @Test
  void evalFileIsReadLikeTrainAndCountsAddUp() throws Exception {
    Files.createDirectories(dir.resolve("data"));
    jsonl(dir, "data/t.jsonl", pairedLines(3));
    jsonl(dir, "data/e.jsonl", pairedLines(2));
    LoadedData data = DatasetReader.read(DataConfig.of("data/t.jsonl").withEval("data/../data/e.jsonl"), dir);
    assertEquals(3, data.train().size());
    assertEquals(2, data.eval().size());
    assertEquals(5, data.rowsRead());
    assertEquals(dir.resolve("data/e.jsonl").toString(), data.eval().get(0).source());
  }

  @Test
  void absolutePathsIgnoreBaseDir() throws Exception {
    Path file = jsonl(dir, "t.jsonl", pairedLines(1));
    assertEquals(1, DatasetReader.read(DataConfig.of(file.toString()), Path.of("/nonexistent")).train().size());
  }

  @Test
  void maxRowsCapsEachFile() throws Exception {
    jsonl(dir, "t.jsonl", pairedLines(10));
    LoadedData data = DatasetReader.read(DataConfig.of("t.jsonl").withMaxRows(4L), dir);
    assertEquals(4, data.train().size());
    assertEquals(4, data.rowsRead());
  }

  @Test
  void blankLinesAndAByteOrderMarkAreNotRows() throws Exception {
    Files.writeString(dir.resolve("t.jsonl"), "\uFEFF" + pairedLines(1)[0] + "\n\n  \n" + pairedLines(1)[0] + "\n");
    LoadedData data = DatasetReader.read(DataConfig.of("t.jsonl"), dir);
    assertEquals(List.of(1L, 4L), data.train().stream().map(PreferenceExample::row).toList());
    assertEquals(2, data.rowsRead());
  }

  @Test
  void malformedJsonNamesFileAndLine() throws Exception {
    Path file = jsonl(dir, "t.jsonl", pairedLines(1)[0], "{\"prompt\": \"p\", \"chosen\": ");
    UserError e = assertThrows(UserError.class, () -> DatasetReader.read(DataConfig.of("t.jsonl"), dir));
    assertTrue(e.getMessage().startsWith(file + ":2: not valid JSON (Unexpected end-of-input"), e.getMessage());
    assertTrue(e.getMessage().endsWith("(set data.skip_bad_rows to skip such rows)"), e.getMessage());
    assertEquals(1, e.getMessage().lines().count());
  }

  @Test
  void trailingGarbageDuplicateKeysAndNonObjectsAreBadLines() throws Exception {
    Path file = jsonl(dir, "t.jsonl", pairedLines(1)[0] + " x", "{\"prompt\": \"a\", \"prompt\": \"b\"}", "\"text\"",
        pairedLines(1)[0]);
    LoadedData data = DatasetReader.read(DataConfig.of("t.jsonl").withSkipBadRows(true), dir);
    assertEquals(4, data.rowsRead());
    assertEquals(3, data.rowsSkipped());
    assertEquals(List.of(4L), data.train().stream().map(PreferenceExample::row).toList());
    assertTrue(data.skipReasons().get(0).startsWith(file + ":1: not valid JSON ("), data.skipReasons().get(0));
    assertTrue(data.skipReasons().get(1).startsWith(file + ":2: not valid JSON (Duplicate field 'prompt'"),
        data.skipReasons().get(1));
    assertEquals(file + ":3: not a JSON object but a string", data.skipReasons().get(2));
  }

  @Test
  void aJsonArrayFileIsExplained() throws Exception {
    Path file = jsonl(dir, "t.json", "[", pairedLines(1)[0], "]");
    assertMessage(file + ":1: a JSON array; expected JSON lines (one object per line)", DataConfig.of("t.json"));
  }

  @Test
  void invalidUtf8IsABadLine() throws Exception {
    Path file = dir.resolve("t.jsonl");
    byte[] good = (pairedLines(1)[0] + "\n").getBytes(StandardCharsets.UTF_8);
    byte[] bad = {'{', '"', (byte) 0xff, '"', ':', '1', '}', '\n'};
    Files.write(file, Bytes.concat(good, bad));
    String message = assertThrows(UserError.class, () -> DatasetReader.read(DataConfig.of("t.jsonl"), dir))
        .getMessage();
    assertTrue(message.startsWith(file + ":2: not valid JSON (Invalid UTF-8 start byte 0xff"), message);
  }

  @Test
  void fileLevelMistakes() throws Exception {
    assertMessage(dir.resolve("nope.jsonl") + ": no such file (data.train)", DataConfig.of("nope.jsonl"));
    jsonl(dir, "t.jsonl", pairedLines(1));
    assertMessage(dir.resolve("nope.parquet") + ": no such file (data.eval)",
        DataConfig.of("t.jsonl").withEval("nope.parquet"));
    assertMessage(dir + ": a directory without .parquet files; data.train must name a file or a directory of Parquet "
        + "shards", DataConfig.of("."));
    Path csv = jsonl(dir, "t.csv", "prompt,chosen,rejected");
    assertMessage(csv + ": unknown file type; expected .jsonl, .json (JSON lines) or .parquet", DataConfig.of("t.csv"));
    Path empty = jsonl(dir, "empty.jsonl", "", " ");
    assertMessage(empty + ": no rows", DataConfig.of("empty.jsonl"));
    assertMessage("data.train is not set: give a .jsonl or .parquet file", DataConfig.of(null));
  }

  static String[] pairedLines(int n) {
    String[] lines = new String[n];
    for (int i = 0; i < n; i++) {
      lines[i] = "{\"prompt\": \"p" + i + "\", \"chosen\": \"c" + i + "\", \"rejected\": \"r" + i + "\"}";
    }
    return lines;
  }

  static String json(Map<String, ?> fields) throws Exception {
    return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(fields);
  }

  private void assertMessage(String expected, DataConfig config) {
    assertEquals(expected, assertThrows(UserError.class, () -> DatasetReader.read(config, dir)).getMessage());
  }
}
