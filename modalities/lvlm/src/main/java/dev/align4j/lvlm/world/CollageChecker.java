package dev.align4j.lvlm.world;

import dev.align4j.core.shapes.Scene;
import java.util.List;
import java.util.Set;

/**
 * Grades a free-text answer to a collage question against the ground truth of every picture shown. The answer's
 * value is the one value of the asked attribute it names ({@link AnswerWords}: "The circle is red." names
 * {@code red}); then, in this order:
 *
 * <ol>
 *   <li>{@link Outcome#CORRECT}: the value is the referred picture's answer;
 *   <li>{@link Outcome#SEQUENCE_CONFUSION}: it is an answer the same question has about another picture (the
 *       first such picture is recorded);
 *   <li>{@link Outcome#INTERFERENCE}: it is the asked attribute of a shape the question does not refer to, in any
 *       picture (colour, kind and size questions);
 *   <li>{@link Outcome#WRONG}: anything else;
 * </ol>
 *
 * and {@link Outcome#NO_ANSWER} when the answer names no value of the asked attribute, or more than one. Apart from
 * the outcome, an answer <em>hallucinates</em> when it names a colour, kind or size that no shape of any picture
 * has, wherever in the answer (a correct answer can hallucinate too: "red, next to a green cross").
 */
public final class CollageChecker {
  private CollageChecker() {}

  /** The grade of {@code answer} to {@code item}. */
  public static AnswerGrade grade(CollageItem item, String answer) {
    List<Scene> scenes = item.scenes();
    List<String> hallucinated = AnswerWords.absent(answer, scenes);
    Question q = item.question();
    Set<String> values = AnswerWords.values(q.attribute(), answer);
    if (values.size() != 1) return new AnswerGrade(Outcome.NO_ANSWER, null, -1, hallucinated);
    String v = values.iterator().next();
    if (v.equals(item.answer())) return new AnswerGrade(Outcome.CORRECT, v, -1, hallucinated);
    for (int j = 0; j < scenes.size(); j++) {
      if (j != item.referred() && q.answers(scenes.get(j)).contains(v)) {
        return new AnswerGrade(Outcome.SEQUENCE_CONFUSION, v, j, hallucinated);
      }
    }
    for (Scene s : scenes) {
      if (q.otherElements(s).contains(v)) return new AnswerGrade(Outcome.INTERFERENCE, v, -1, hallucinated);
    }
    return new AnswerGrade(Outcome.WRONG, v, -1, hallucinated);
  }
}
