package dev.align4j.lvlm.world;

import java.util.List;

/**
 * Rates over a set of graded answers, each a fraction of all of them.
 *
 * @param answers how many answers
 * @param accuracy correct answers
 * @param sequenceConfusion answers about another picture than the one referred to (always 0 for single images)
 * @param interference answers naming the attribute of a shape the question does not refer to
 * @param hallucination answers naming a colour, kind or size no picture shows (correct or not)
 * @param noAnswer answers naming no value of the asked attribute, or several
 */
public record GradeRates(int answers, double accuracy, double sequenceConfusion, double interference,
    double hallucination, double noAnswer) {
  /** The rates of {@code grades} (none: all zero). */
  public static GradeRates of(List<AnswerGrade> grades) {
    int n = grades.size();
    if (n == 0) return new GradeRates(0, 0, 0, 0, 0, 0);
    return new GradeRates(n, share(grades, Outcome.CORRECT), share(grades, Outcome.SEQUENCE_CONFUSION),
        share(grades, Outcome.INTERFERENCE), grades.stream().filter(AnswerGrade::hallucination).count() / (double) n,
        share(grades, Outcome.NO_ANSWER));
  }

  private static double share(List<AnswerGrade> grades, Outcome outcome) {
    return grades.stream().filter(g -> g.outcome() == outcome).count() / (double) grades.size();
  }
}
