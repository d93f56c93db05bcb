package dev.align4j.lvlm.world;

import com.google.common.base.Preconditions;
import java.util.List;

/**
 * The checker's verdict on one answer.
 *
 * @param value the value of the asked attribute the answer names (canonical), or null when it names none or several
 * @param confusedWith for {@link Outcome#SEQUENCE_CONFUSION}, the first other picture (index from 0) the value is the
 *     answer about; otherwise -1
 * @param hallucinated colour, kind and size words of the answer that no shape of any picture has (canonical);
 *     empty when none
 */
public record AnswerGrade(Outcome outcome, String value, int confusedWith, List<String> hallucinated) {
  public AnswerGrade {
    Preconditions.checkNotNull(outcome, "outcome");
    Preconditions.checkArgument((value == null) == (outcome == Outcome.NO_ANSWER), "a value exactly when answered");
    Preconditions.checkArgument((confusedWith >= 0) == (outcome == Outcome.SEQUENCE_CONFUSION),
        "a confused picture exactly for sequence confusion");
    hallucinated = List.copyOf(hallucinated);
  }

  /** Whether the answer is right. */
  public boolean correct() {
    return outcome == Outcome.CORRECT;
  }

  /** Whether the answer is about another picture than the one referred to. */
  public boolean sequenceConfusion() {
    return outcome == Outcome.SEQUENCE_CONFUSION;
  }

  /** Whether the answer names an attribute or object that no picture shows. */
  public boolean hallucination() {
    return !hallucinated.isEmpty();
  }
}
