package dev.align4j.core.terms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.align4j.core.util.UserError;
import dev.align4j.losses.CorrectedTokens;
import dev.align4j.losses.LevelTerms;
import dev.align4j.losses.PreferenceTerms;
import dev.align4j.losses.SegmentTerms;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The structured fields of the loss-input JSON: how they become keyed terms, and the mistakes named. */
class StructuredTermsJsonTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static PreferenceTerms terms(NDManager m, String... lines) throws Exception {
    List<JsonNode> nodes = new ArrayList<>();
    for (String l : lines) nodes.add(JSON.readTree(l));
    return TermsJson.toTerms("t.jsonl", TermsJson.parseNodes("t.jsonl", nodes), m, DataType.FLOAT64, false);
  }

  private static String error(NDManager m, String... lines) {
    return assertThrows(UserError.class, () -> terms(m, lines)).getMessage();
  }

  @Test
  void segmentsArePaddedWithLabelZero() throws Exception {
    try (NDManager m = NDManager.newBaseManager()) {
      PreferenceTerms t = terms(m,
          "{\"segments\": {\"policy_chosen\": [-1], \"policy_rejected\": [-2], \"ref_chosen\": [-1],"
              + " \"ref_rejected\": [-2], \"labels\": [1]}}",
          "{\"segments\": {\"policy_chosen\": [-1, -3], \"policy_rejected\": [-2, -1], \"ref_chosen\": [-1, -2],"
              + " \"ref_rejected\": [-2, -2], \"labels\": [-1, 0]}}");
      SegmentTerms s = t.get(SegmentTerms.KEY);
      assertEquals(List.of(2L, 2L), List.of(s.labels().getShape().get(0), s.labels().getShape().get(1)));
      assertEquals(0.0, s.labels().getDouble(0, 1));
      assertTrue(error(m, "{\"segments\": {\"policy_chosen\": [-1], \"policy_rejected\": [-2], \"ref_chosen\": [-1],"
          + " \"ref_rejected\": [-2], \"labels\": [2]}}").contains("labels must be -1, 0 or 1, got 2"));
    }
  }

  @Test
  void levelsMustAgreeAcrossLines() throws Exception {
    String a = "{\"levels\": {\"video\": {\"weight\": 0.8, \"policy_chosen\": -1, \"policy_rejected\": -2,"
        + " \"ref_chosen\": -1, \"ref_rejected\": -2}}}";
    String b = a.replace("0.8", "0.5");
    String c = a.replace("video", "clip");
    try (NDManager m = NDManager.newBaseManager()) {
      assertEquals(0.8, terms(m, a, a).get(LevelTerms.KEY).levels().get("video").weight());
      assertTrue(error(m, a, b).contains("t.jsonl:2: field 'levels.video.weight'"), error(m, a, b));
      assertTrue(error(m, a, c).contains("t.jsonl:2: field 'levels': names [clip]"), error(m, a, c));
    }
  }

  @Test
  void correctedMarksOnOneSideLeaveTheOtherAtZero() throws Exception {
    try (NDManager m = NDManager.newBaseManager()) {
      PreferenceTerms t = terms(m, "{\"chosen_tokens\": {\"policy\": [-1, -2], \"ref\": [-1, -2], \"corrected\": "
          + "[0, 1]}, \"rejected_tokens\": {\"policy\": [-1, -2, -3], \"ref\": [-1, -2, -3]}}");
      CorrectedTokens c = t.get(CorrectedTokens.KEY);
      assertEquals(1.0, c.chosen().getDouble(0, 1));
      assertEquals(0.0, c.rejected().sum().getDouble());
      assertEquals(3L, c.rejected().getShape().get(1));
    }
  }
}
