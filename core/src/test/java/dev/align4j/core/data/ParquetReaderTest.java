package dev.align4j.core.data;

import static dev.align4j.core.data.Fixtures.literal;
import static dev.align4j.core.data.Fixtures.messages;
import static dev.align4j.core.data.Fixtures.parquet;
import static dev.align4j.core.data.Fixtures.rows;
import static dev.align4j.core.data.Fixtures.ultrafeedbackRow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.core.data.DataConfig.Format;
import dev.align4j.core.data.DataConfig.Preset;
import dev.align4j.core.data.PreferenceExample.Listwise;
import dev.align4j.core.data.PreferenceExample.Paired;
import dev.align4j.core.data.PreferenceExample.Unpaired;
import dev.align4j.core.util.UserError;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Parquet files in real dataset schemas, written at test time by DuckDB itself. */
class ParquetReaderTest {
  @TempDir Path dir;

  @Test
  void ultrafeedbackBinarizedInItsRealSchema() throws Exception {
    Path file = parquet(dir, "train_prefs.parquet", rows(List.of(
        ultrafeedbackRow("What is 2+2?", "It is 4.", "It's 5, I'm sure."),
        ultrafeedbackRow("Name a colour", "Blue.", "Seven."))));
    LoadedData data = DatasetReader.read(DataConfig.of("train_prefs.parquet")
        .withPreset(Preset.ULTRAFEEDBACK_BINARIZED), dir);
    assertEquals(2, data.rowsRead());
    Paired first = (Paired) data.train().get(0);
    assertEquals(new Paired(file.toString(), 1, Text.messages(List.of(new Message("user", "What is 2+2?"))),
        Text.messages(List.of(new Message("assistant", "It is 4."))),
        Text.messages(List.of(new Message("assistant", "It's 5, I'm sure.")))), first);
    assertEquals(2, data.train().get(1).row());
  }

  @Test
  void ultrafeedbackMultiTurnAndPromptFallback() throws Exception {
    String multi = "SELECT 'q2' AS prompt, "
        + messages("system", "be brief", "user", "q1", "assistant", "a1", "user", "q2",
        "assistant", "good") + " AS chosen, " + messages("system", "be brief", "user", "q1", "assistant", "a1",
        "user", "q2", "assistant", "bad") + " AS rejected";
    String bare = "SELECT 'just this' AS prompt, " + messages("assistant", "yes") + " AS chosen, "
        + messages("assistant", "no") + " AS rejected";
    parquet(dir, "uf.parquet", rows(List.of(multi, bare)));
    List<PreferenceExample> train =
        DatasetReader.read(DataConfig.of("uf.parquet").withPreset(Preset.ULTRAFEEDBACK_BINARIZED), dir).train();
    Paired p = (Paired) train.get(0);
    assertEquals(4, p.prompt().messages().size());
    assertEquals(new Message("user", "q2"), p.prompt().messages().get(3));
    assertEquals(Text.messages(List.of(new Message("assistant", "bad"))), p.rejected());
    Paired fallback = (Paired) train.get(1);
    assertEquals(Text.messages(List.of(new Message("user", "just this"))), fallback.prompt());
    assertEquals(Text.messages(List.of(new Message("assistant", "yes"))), fallback.chosen());
  }

  @Test
  void ultrafeedbackBadRowsInParquet() throws Exception {
    String nullChosen = "SELECT 'x' AS prompt, NULL::STRUCT(content VARCHAR, role VARCHAR)[] AS chosen, "
        + messages("user", "x", "assistant", "b") + " AS rejected";
    String nullContent = "SELECT 'x' AS prompt, " + messages("user", "x", "assistant", null) + " AS chosen, "
        + messages("user", "x", "assistant", "b") + " AS rejected";
    String good = "SELECT 'ok' AS prompt, " + messages("user", "ok", "assistant", "a") + " AS chosen, "
        + messages("user", "ok", "assistant", "b") + " AS rejected";
    Path file = parquet(dir, "uf.parquet", rows(List.of(nullChosen, good, nullContent)));
    DataConfig config = DataConfig.of("uf.parquet").withPreset(Preset.ULTRAFEEDBACK_BINARIZED);
    assertEquals(file + ": row 1, column 'chosen': null (set data.skip_bad_rows to skip such rows)",
        assertThrows(UserError.class, () -> DatasetReader.read(config, dir)).getMessage());
    LoadedData data = DatasetReader.read(config.withSkipBadRows(true), dir);
    assertEquals(List.of(2L), data.train().stream().map(PreferenceExample::row).toList());
    assertEquals(List.of(file + ": row 1, column 'chosen': null",
        file + ": row 3, column 'chosen': message 2 has no 'content'"),
        data.skipReasons());
  }

  @Test
  void hhRlhfFromParquet() throws Exception {
    parquet(dir, "hh.parquet", "SELECT " + literal("\n\nHuman: Hi\n\nAssistant: Hello!") + " AS chosen, "
        + literal("\n\nHuman: Hi\n\nAssistant: Go away.") + " AS rejected");
    Paired p = (Paired) DatasetReader.read(DataConfig.of("hh.parquet").withPreset(Preset.HH_RLHF), dir).train().get(0);
    assertEquals(Text.raw("\n\nHuman: Hi\n\nAssistant:"), p.prompt());
    assertEquals(Text.raw(" Hello!"), p.chosen());
    assertEquals(Text.raw(" Go away."), p.rejected());
  }

  @Test
  void missingColumnNamesFileColumnAndWhatExists() throws Exception {
    Path file = parquet(dir, "t.parquet", "SELECT 'p' AS prompt, 'c' AS chosen_response, 'r' AS rejected, 1 AS id");
    assertEquals(file + ": no column 'chosen'; did you mean 'chosen_response'? (columns: prompt, chosen_response,"
            + " rejected, id; rename with data.columns)",
        assertThrows(UserError.class, () -> DatasetReader.read(DataConfig.of("t.parquet"), dir)).getMessage());
    LoadedData data = DatasetReader.read(DataConfig.of("t.parquet").withColumns(Map.of("chosen", "chosen_response")),
        dir);
    assertEquals(Text.raw("c"), ((Paired) data.train().get(0)).chosen());
  }

  @Test
  void plainPairedWithOddColumnNamesAndUnusedBinaryColumns() throws Exception {
    parquet(dir, "t.parquet",
        "SELECT 'p' AS \"the \"\"prompt\"\"\", 'c' AS chosen, 'r' AS rejected, '\\xAA'::BLOB AS jpg_0");
    Paired p = (Paired) DatasetReader.read(
        DataConfig.of("t.parquet").withColumns(Map.of("prompt", "the \"prompt\"")), dir).train().get(0);
    assertEquals(Text.raw("p"), p.prompt());
  }

  @Test
  void unpairedWithIntegerAndBooleanLabels() throws Exception {
    parquet(dir, "u.parquet", "SELECT * FROM (VALUES ('p', 'a', 1), ('p', 'b', 0)) t(prompt, completion, label)");
    parquet(dir, "b.parquet", "SELECT 'p' AS prompt, 'a' AS completion, false AS label");
    DataConfig config = DataConfig.of("u.parquet").withFormat(Format.UNPAIRED);
    assertEquals(List.of(true, false),
        DatasetReader.read(config, dir).train().stream().map(e -> ((Unpaired) e).label()).toList());
    assertEquals(false, ((Unpaired) DatasetReader.read(config.withEval("b.parquet"), dir).eval().get(0)).label());
  }

  @Test
  void listwiseListsAndNonFiniteScores() throws Exception {
    Path file = parquet(dir, "l.parquet", "SELECT * FROM (VALUES "
        + "('p', ['a', 'b'], [1.0::DOUBLE, 2.0::DOUBLE]), "
        + "('p', ['a', 'b'], [1.0::DOUBLE, 'NaN'::DOUBLE]), "
        + "('p', ['a', 'b'], ['-inf'::DOUBLE, 2.0::DOUBLE]), "
        + "('p', ['a', 'b', 'c'], [1.0::DOUBLE, 2.0::DOUBLE])) t(prompt, completions, scores)");
    LoadedData data = DatasetReader.read(DataConfig.of("l.parquet").withFormat(Format.LISTWISE).withSkipBadRows(true),
        dir);
    Listwise l = (Listwise) data.train().get(0);
    assertEquals(List.of(Text.raw("a"), Text.raw("b")), l.completions());
    assertEquals(List.of(1.0, 2.0), l.scores());
    assertEquals(List.of(
        file + ": row 2, column 'scores': score 2 is NaN",
        file + ": row 3, column 'scores': score 1 is infinite",
        file + ": row 4, columns 'completions' and 'scores': 3 completions but 2 scores"), data.skipReasons());
  }

  @Test
  void rowNumbersFollowFileOrderAcrossRowGroups() throws Exception {
    parquet(dir, "big.parquet", "SELECT 'p' || i AS prompt, 'c' || i AS chosen, 'r' || i AS rejected "
        + "FROM range(1, 5001) r(i) ORDER BY i", ", ROW_GROUP_SIZE 100");
    LoadedData data = DatasetReader.read(DataConfig.of("big.parquet").withEvalFraction(0.1), dir);
    assertEquals(4500, data.train().size());
    assertEquals(500, data.eval().size());
    for (PreferenceExample e : data.train()) {
      assertEquals(Text.raw("p" + e.row()), ((Paired) e).prompt());
    }
    assertEquals(LongStream.rangeClosed(4501, 5000).boxed().toList(),
        data.eval().stream().map(PreferenceExample::row).toList());
  }

  @Test
  void maxRowsLimitsTheRead() throws Exception {
    parquet(dir, "t.parquet",
        "SELECT 'p' AS prompt, 'c' || i AS chosen, 'r' AS rejected FROM range(100) r(i) ORDER BY i");
    LoadedData data = DatasetReader.read(DataConfig.of("t.parquet").withMaxRows(7L), dir);
    assertEquals(7, data.rowsRead());
    assertEquals(Text.raw("c6"), ((Paired) data.train().get(6)).chosen());
  }

  @Test
  void emptyAndCorruptFiles() throws Exception {
    Path empty = parquet(dir, "empty.parquet", "SELECT 'p' AS prompt, 'c' AS chosen, 'r' AS rejected LIMIT 0");
    assertEquals(empty + ": no rows",
        assertThrows(UserError.class, () -> DatasetReader.read(DataConfig.of("empty.parquet"), dir)).getMessage());
    Path corrupt = Files.writeString(dir.resolve("bad.parquet"), "not parquet at all");
    String message = assertThrows(UserError.class, () -> DatasetReader.read(DataConfig.of("bad.parquet"), dir))
        .getMessage();
    assertTrue(message.startsWith(corrupt + ": cannot read as Parquet ("), message);
    assertEquals(1, message.lines().count());
  }

  /** A directory of shards, as Spark writes one (markers and checksums beside the parts), reads in name order. */
  @Test
  void directoryOfShardsReadsAsOneTableInNameOrder() throws Exception {
    Path shards = Files.createDirectories(dir.resolve("pairs"));
    for (int part = 2; part >= 0; part--) {
      parquet(shards, "part-0000" + part + ".parquet", rows(List.of(
          ultrafeedbackRow("q" + part + "a", "good", "bad"), ultrafeedbackRow("q" + part + "b", "good", "bad"))));
    }
    Files.writeString(shards.resolve("_SUCCESS"), "");
    Files.writeString(shards.resolve(".part-00000.parquet.crc"), "not parquet");
    LoadedData data = DatasetReader.read(DataConfig.of("pairs").withPreset(Preset.ULTRAFEEDBACK_BINARIZED), dir);
    assertEquals(6, data.rowsRead());
    List<String> prompts = data.train().stream()
        .map(e -> ((Paired) e).prompt().messages().get(0).content()).toList();
    assertEquals(List.of("q0a", "q0b", "q1a", "q1b", "q2a", "q2b"), prompts);
  }

  @Test
  void directoryWithoutParquetIsOneLine() throws Exception {
    Files.createDirectories(dir.resolve("empty"));
    String message = assertThrows(UserError.class, () -> DatasetReader.read(DataConfig.of("empty"), dir))
        .getMessage();
    assertEquals(dir.resolve("empty") + ": a directory without .parquet files; data.train must name a file or a "
        + "directory of Parquet shards", message);
  }
}
