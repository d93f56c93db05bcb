package dev.align4j.text.task;

import dev.align4j.core.data.Text;

/** Judges a generated completion for a prompt: the ground truth of an embedded task. */
public interface TaskChecker {
  /** Whether {@code completion} is a correct answer to {@code prompt}; false for prompts it does not know. */
  boolean correct(Text prompt, String completion);

  /** The arithmetic task's checker. */
  static TaskChecker arithmetic() {
    return (prompt, completion) -> {
      ArithmeticTask.Problem p = prompt.isMessages() ? null : ArithmeticTask.parse(prompt.raw());
      return p != null && ArithmeticTask.check(p, completion);
    };
  }
}
