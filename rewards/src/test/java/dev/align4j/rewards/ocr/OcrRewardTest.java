package dev.align4j.rewards.ocr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.core.util.UserError;
import org.junit.jupiter.api.Test;

/**
 * Flow-GRPO's OCR score (flow_grpo/ocr.py): the expected values are worked out by hand from its definition,
 * {@code 1 - min(d, n) / n} on space-free lower-case text, 0 distance when the target occurs in what was read.
 */
class OcrRewardTest {
  @Test
  void targetIsTheTextBetweenTheFirstTwoDoubleQuotes() {
    assertEquals("OPEN 24 HOURS", OcrReward.target("A storefront sign that says \"OPEN 24 HOURS\" at night"));
    assertEquals("first", OcrReward.target("\"first\" and \"second\""));
    // Python's prompt.split('"')[1]: an unclosed quote runs to the end of the prompt
    assertEquals("Hello", OcrReward.target("a neon sign \"Hello"));
    assertEquals(" a b ", OcrReward.target("x \" a b \" y"));
  }

  @Test
  void promptsWithoutQuotedTextAreOneLineErrors() {
    UserError none = assertThrows(UserError.class, () -> OcrReward.target("a cat on a mat"));
    assertEquals("the OCR reward scores the text a prompt puts in double quotes, and prompt 'a cat on a mat' has "
        + "none (write e.g. a sign that says \"OPEN\")", none.getMessage());
    UserError empty = assertThrows(UserError.class, () -> OcrReward.target("a sign that says \"  \" in red"));
    assertEquals("the OCR reward needs text between the double quotes, and prompt 'a sign that says \"  \" in red' "
        + "quotes none", empty.getMessage());
    // typographic quotes are not double quotes (Flow-GRPO splits on '"' only)
    assertThrows(UserError.class, () -> OcrReward.target("a sign that says \u201cOPEN\u201d"));
    String longPrompt = "word ".repeat(40) + "\n" + "more";
    UserError cut = assertThrows(UserError.class, () -> OcrReward.target(longPrompt));
    assertFalse(cut.getMessage().contains("\n"), cut.getMessage());
    assertTrue(cut.getMessage().contains("word word...'"), cut.getMessage());
  }

  @Test
  void scoreIsOneMinusTheCappedEditDistanceOverTheTargetLength() {
    assertEquals(1.0, OcrReward.score("OPEN 24 HOURS", "OPEN 24 HOURS"));
    assertEquals(1.0, OcrReward.score("open24hours", "OPEN 24 HOURS"), "spaces and case do not count");
    assertEquals(1.0, OcrReward.score("WELCOME, OPEN 24 HOURS!", "OPEN 24 HOURS"), "target inside the text read");
    assertEquals(1 - 2 / 11.0, OcrReward.score("OPEN 12 HOURS", "OPEN 24 HOURS"), 1e-12);
    assertEquals(1 - 1 / 11.0, OcrReward.score("OPEN24H0URS", "OPEN 24 HOURS"), 1e-12);
    assertEquals(1 - 4 / 11.0, OcrReward.score("OPEN 24 DAYS", "OPEN 24 HOURS"), 1e-12);
    assertEquals(0.0, OcrReward.score("", "OPEN 24 HOURS"), "nothing read");
    assertEquals(0.0, OcrReward.score("a completely different and much longer text", "STOP"), "capped at n");
    assertEquals(0.75, OcrReward.score("STO", "STOP"), 1e-12);
  }

  @Test
  void distanceCountsCodePointsAsPythonLevenshteinDoes() {
    assertEquals(3, OcrReward.distance("kitten", "sitting"));
    assertEquals(1, OcrReward.distance("caf\u00e9", "cafe"));
    // U+20000 is one code point but two UTF-16 chars: one substitution, not two
    assertEquals(1, OcrReward.distance("a\uD840\uDC00b", "axb"));
    assertEquals(0.5, OcrReward.score("\uD840\uDC00", "\uD840\uDC00x"), 1e-12);
  }

  @Test
  void normalisationRemovesOnlyPlainSpacesAndLowerCases() {
    assertEquals("open24hours", OcrReward.normalize("OPEN 24 HOURS"));
    assertEquals("a\tb", OcrReward.normalize("A\tB"));
  }
}
