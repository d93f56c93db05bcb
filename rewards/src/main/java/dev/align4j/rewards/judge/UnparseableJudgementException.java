package dev.align4j.rewards.judge;

/**
 * The judge answered, but its text holds no usable verdict: no verdict or score found, conflicting verdicts in the
 * concluding sentence, or a score outside the template's scale.
 */
public class UnparseableJudgementException extends JudgeException {
  private final String answer;

  public UnparseableJudgementException(String reason, String answer) {
    super(reason + " in judge answer: \"" + abbreviate(answer) + "\"", 200);
    this.answer = answer;
  }

  /** The judge's full answer text. */
  public String answer() {
    return answer;
  }

  static String abbreviate(String s) {
    String flat = s.replaceAll("\\s+", " ").strip();
    return flat.length() <= 300 ? flat : flat.substring(0, 150) + " ... " + flat.substring(flat.length() - 140);
  }
}
