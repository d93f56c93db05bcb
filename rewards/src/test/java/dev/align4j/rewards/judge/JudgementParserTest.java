package dev.align4j.rewards.judge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.rewards.judge.JudgementParser.Verdict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class JudgementParserTest {
  @ParameterizedTest
  @ValueSource(strings = {
      "Image 1 is better.",
      "image 1 is better",
      "IMAGE 1 IS BETTER!!!",
      "**Image 1 is better.**",
      "\"Image 1 is better.\"",
      "Image #1 is better",
      "Image one is slightly better.",
      "Image 1 is better than Image 2.",
      "Image 1 is the better one.",
      "The first image is better.",
      "The first one is clearly better than the second.",
      "The former is preferred.",
      "I prefer Image 1.",
      "I would choose the first image.",
      "Final answer: Image 1",
      "Verdict: 1",
      "Better image: 1",
      "1",
      "Image 1",
      "Image 1 shows the cube. Image 2 shows a sphere.\nImage 1 is better.",
      "Image 2 is better in color. However, Image 1 is better aligned. Overall, Image 1 is better.",
      "Image 2 is better in color, but Image 1 matches the caption.\n\nFinal verdict: Image 1 is better.",
      "Image 2 is not better than image 1; image 1 is better.",
      "<think>Image 2 is better in color, Image 1 in alignment.</think>\n<answer>Image 1 is better</answer>",
      "Video 1 is better,",
  })
  void pairwiseFirst(String answer) {
    assertEquals(Verdict.FIRST, JudgementParser.pairwise(answer));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "Image 2 is better.",
      "image 2 is much better!",
      "The second image is superior.",
      "The second one is better.",
      "Therefore, the latter is preferred.",
      "Answer: image 2",
      "2.",
      "Video 2 is better.",
      "Image 1 is better for lighting. Image 2 is better for composition. In conclusion, Image 2 is better.",
      "<answer>\n**Image 2 is better.**\n</answer>",
  })
  void pairwiseSecond(String answer) {
    assertEquals(Verdict.SECOND, JudgementParser.pairwise(answer));
  }

  @ParameterizedTest
  @ValueSource(strings = {"Both images are equally good.", "Both videos are equally good.", "It's a tie.", "tie",
      "Neither image is better.", "Both are strong. Overall, both images are equally good."})
  void pairwiseTie(String answer) {
    assertEquals(Verdict.TIE, JudgementParser.pairwise(answer));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "",
      "I cannot decide.",
      "Image 1 is not better.",
      "Image 3 is better.",
      "Image 1 is better in color, but Image 2 is better in alignment.",
      "Image 1 is better in color. Image 2 is better in alignment.",
      "Both images are equally good, but Image 1 is better.",
  })
  void pairwiseUnparseableOrAmbiguous(String answer) {
    UnparseableJudgementException e = assertThrows(UnparseableJudgementException.class,
        () -> JudgementParser.pairwise(answer));
    assertEquals(answer, e.answer());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "Final Score: 4|4",
      "final score: 4.5|4.5",
      "FINAL SCORE - 3|3",
      "**Final Score:** 5|5",
      "Final Score: [2]|2",
      "The final score is 3.|3",
      "Final Score: 4/5|4",
      "final score: 4 out of 5|4",
      "cube (object): 1\\nred (attribute): 0\\nFinal Score: 3|3",
      "Score: 4|4",
      "Score: 4/5|4",
      "The colours are off.\\nOverall score: 2|2",
      "<think>Final Score: 2</think><answer>Final Score: 4</answer>|4",
      "Final Score: 2. On reflection the cube is red, so Final Score: 3|3",
  })
  void pointwiseImageScale(String answer, double expected) {
    assertEquals(expected, JudgementParser.pointwise(answer.replace("\\n", "\n"), 1, 5));
  }

  @Test
  void pointwiseVideoScale() {
    assertEquals(8, JudgementParser.pointwise("visual quality: 4\ntemporal consistency: 3\nFinal Score: 8", 1, 10));
    assertEquals(7, JudgementParser.pointwise("Final Score: 7/10", 1, 10));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "Final Score: 7|outside 1..5",
      "Final Score: 0|outside 1..5",
      "Final Score: 8/10|not on the 1..5 scale",
      "The image is nice.|no \"Final Score:\"",
      "Alignment score: 3|no \"Final Score:\"",
      "Final Score: N/A|no \"Final Score:\"",
  })
  void pointwiseRejected(String answer, String reason) {
    UnparseableJudgementException e = assertThrows(UnparseableJudgementException.class,
        () -> JudgementParser.pointwise(answer, 1, 5));
    assertTrue(e.getMessage().contains(reason), e.getMessage());
  }
}
