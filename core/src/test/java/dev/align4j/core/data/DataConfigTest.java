package dev.align4j.core.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import dev.align4j.core.data.DataConfig.Format;
import dev.align4j.core.data.DataConfig.Preset;
import dev.align4j.core.util.UserError;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DataConfigTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void defaults() throws Exception {
    DataConfig c = JSON.readValue("{}", DataConfig.class);
    assertNull(c.train());
    assertNull(c.eval());
    assertEquals(0, c.evalFraction());
    assertEquals(Format.PAIRED, c.format());
    assertEquals(Preset.NONE, c.preset());
    assertEquals(Map.of(), c.columns());
    assertEquals(false, c.skipBadRows());
    assertNull(c.maxRows());
    assertEquals(c, DataConfig.of(null));
    assertEquals(List.of("prompt", "chosen", "rejected"), c.roles());
  }

  @Test
  void bindsSnakeCaseKeys() throws Exception {
    DataConfig c = JSON.readValue("""
        {"train": "t.parquet", "eval_fraction": 0.1, "format": "listwise", "columns": {"scores": "ratings"},
         "skip_bad_rows": true, "max_rows": 100}""", DataConfig.class);
    assertEquals("t.parquet", c.train());
    assertEquals(0.1, c.evalFraction());
    assertEquals(Format.LISTWISE, c.format());
    assertEquals("ratings", c.column("scores"));
    assertEquals("prompt", c.column("prompt"));
    assertTrue(c.skipBadRows());
    assertEquals(100L, c.maxRows());
    assertEquals(Preset.HH_RLHF, JSON.readValue("{\"preset\": \"hh_rlhf\"}", DataConfig.class).preset());
    assertEquals(Preset.ULTRAFEEDBACK_BINARIZED,
        JSON.readValue("{\"preset\": \"ultrafeedback_binarized\"}", DataConfig.class).preset());
  }

  @Test
  void aValidationErrorReachesJacksonCallersAsTheCause() {
    ValueInstantiationException e = assertThrows(ValueInstantiationException.class,
        () -> JSON.readValue("{\"eval_fraction\": 1.5}", DataConfig.class));
    assertEquals("data.eval_fraction must be in [0, 1), got 1.5", e.getCause().getMessage());
  }

  @Test
  void rejectsMistakes() {
    assertMessage("data.columns.promt: unknown column role; did you mean 'prompt'? "
            + "(roles: prompt, chosen, rejected, completion, label, completions, scores)",
        () -> DataConfig.of("t.jsonl").withColumns(Map.of("promt", "question")));
    assertMessage("data.columns.scores: not read by format paired, which reads prompt, chosen, rejected",
        () -> DataConfig.of("t.jsonl").withColumns(Map.of("scores", "s")));
    assertMessage("data.columns.prompt: not read by preset hh_rlhf, which reads chosen, rejected",
        () -> DataConfig.of("t.jsonl").withPreset(Preset.HH_RLHF).withColumns(Map.of("prompt", "p")));
    assertMessage("data.columns.chosen: empty column name",
        () -> DataConfig.of("t.jsonl").withColumns(Map.of("chosen", " ")));
    assertMessage("data.eval and data.eval_fraction are both set; give one of them",
        () -> DataConfig.of("t.jsonl").withEval("e.jsonl").withEvalFraction(0.1));
    assertMessage("data.eval_fraction must be in [0, 1), got NaN",
        () -> DataConfig.of("t.jsonl").withEvalFraction(Double.NaN));
    assertMessage("data.eval_fraction must be in [0, 1), got -0.1",
        () -> DataConfig.of("t.jsonl").withEvalFraction(-0.1));
    assertMessage("data.max_rows must be at least 1, got 0", () -> DataConfig.of("t.jsonl").withMaxRows(0L));
    assertMessage("data.preset ultrafeedback_binarized is paired data; data.format must be paired, not unpaired",
        () -> DataConfig.of("t.jsonl").withFormat(Format.UNPAIRED).withPreset(Preset.ULTRAFEEDBACK_BINARIZED));
  }

  private static void assertMessage(String expected, Runnable r) {
    assertEquals(expected, assertThrows(UserError.class, r::run).getMessage());
  }
}
