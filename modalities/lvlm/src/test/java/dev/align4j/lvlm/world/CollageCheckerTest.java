package dev.align4j.lvlm.world;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.core.shapes.Relation;
import dev.align4j.core.shapes.Scene;
import dev.align4j.core.shapes.ShapeColor;
import dev.align4j.core.shapes.ShapeKind;
import dev.align4j.core.shapes.ShapeSize;
import dev.align4j.core.shapes.ShapeSpec;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The checker's definitions on a hand-made sequence, and on the world's own ground truth and confusions. */
class CollageCheckerTest {
  private static final CollageWorld WORLD = CollageWorld.standard();
  /** Image1: a small red circle; Image2: a large blue circle left of a small green square; Image3: a triangle. */
  private static final List<Panel> PANELS = List.of(
      new Panel(Scene.of(new ShapeSpec(ShapeKind.CIRCLE, ShapeColor.RED, ShapeSize.SMALL)), 1),
      new Panel(Scene.of(new ShapeSpec(ShapeKind.CIRCLE, ShapeColor.BLUE, ShapeSize.LARGE), Relation.LEFT_OF,
          new ShapeSpec(ShapeKind.SQUARE, ShapeColor.GREEN, ShapeSize.SMALL)), 2),
      new Panel(Scene.of(new ShapeSpec(ShapeKind.TRIANGLE, ShapeColor.YELLOW, ShapeSize.SMALL)), 3));

  private static CollageItem ask(Question q) {
    return new CollageItem("t", Format.SEQUENCE, PANELS, 1, q, CollageWorld.prompt(Format.SEQUENCE, 3, 1, q),
        WORLD.render(Format.SEQUENCE, PANELS));
  }

  private static void expect(CollageItem item, String answer, Outcome outcome, int confusedWith,
      List<String> hallucinated) {
    AnswerGrade g = CollageChecker.grade(item, answer);
    assertEquals(outcome, g.outcome(), answer);
    assertEquals(confusedWith, g.confusedWith(), answer);
    assertEquals(hallucinated, g.hallucinated(), answer);
  }

  @Test
  void colourQuestion() {
    CollageItem item = ask(Question.color(ShapeKind.CIRCLE));
    assertEquals("blue", item.answer());
    expect(item, "blue", Outcome.CORRECT, -1, List.of());
    expect(item, "In Image 2, the circle is blue.", Outcome.CORRECT, -1, List.of());
    expect(item, "blue, with a cross behind it", Outcome.CORRECT, -1, List.of("cross"));
    expect(item, "The circle is red.", Outcome.SEQUENCE_CONFUSION, 0, List.of());
    expect(item, "green", Outcome.INTERFERENCE, -1, List.of());
    expect(item, "yellow", Outcome.INTERFERENCE, -1, List.of());
    expect(item, "white", Outcome.WRONG, -1, List.of("white"));
    expect(item, "red or blue", Outcome.NO_ANSWER, -1, List.of());
    expect(item, "I cannot see it", Outcome.NO_ANSWER, -1, List.of());
  }

  @Test
  void countKindAndPositionQuestions() {
    CollageItem count = ask(Question.count());
    expect(count, "There are 2 shapes", Outcome.CORRECT, -1, List.of());
    expect(count, "one", Outcome.SEQUENCE_CONFUSION, 0, List.of());
    expect(count, "three", Outcome.WRONG, -1, List.of());
    CollageItem kind = ask(Question.kind(ShapeColor.GREEN));
    expect(kind, "a square", Outcome.CORRECT, -1, List.of());
    expect(kind, "a circle", Outcome.INTERFERENCE, -1, List.of());
    expect(kind, "a cross", Outcome.WRONG, -1, List.of("cross"));
    CollageItem where = ask(Question.position(ShapeKind.SQUARE, ShapeKind.CIRCLE));
    expect(where, "The square is to the right of the circle.", Outcome.CORRECT, -1, List.of());
    expect(where, "above", Outcome.WRONG, -1, List.of());
  }

  @Test
  void reportRatesByFormat() {
    CollageItem item = ask(Question.color(ShapeKind.CIRCLE));
    List<CollageItem> single = WORLD.items(Format.SINGLE, Split.TRAIN, 2, 3);
    List<CollageItem> items = List.of(item, item, item, item, single.get(0), single.get(1));
    List<String> answers = List.of("blue", "red", "green", "white", single.get(0).answer(), "nothing");
    GradeReport report = GradeReport.grade(items, answers);
    GradeRates seq = report.byFormat().get(Format.SEQUENCE);
    assertEquals(new GradeRates(4, 0.25, 0.25, 0.25, 0.25, 0), seq);
    assertEquals(seq, report.multiImage());
    assertEquals(new GradeRates(2, 0.5, 0, 0, 0, 0.5), report.single());
    assertEquals(6, report.all().answers());
    assertEquals(List.of(Format.SINGLE, Format.SEQUENCE), List.copyOf(report.byFormat().keySet()));
  }

  @Test
  void theWorldsTruthIsCorrectAndItsConfusionsAreGradedAsSuch() {
    List<CollageItem> items = WORLD.mixed(Split.HELD_OUT, 120, 21);
    List<String> truths = new ArrayList<>();
    for (CollageItem item : items) truths.add(item.answer());
    GradeReport report = GradeReport.grade(items, truths);
    assertEquals(1.0, report.all().accuracy());
    assertEquals(0.0, report.all().hallucination());
    List<CollagePair> pairs = KnownConfusions.pairs(items, 0.3, 4);
    int confusions = 0;
    int hallucinations = 0;
    for (CollagePair p : pairs) {
      assertEquals(Outcome.CORRECT, CollageChecker.grade(p.item(), p.chosen()).outcome());
      AnswerGrade g = CollageChecker.grade(p.item(), p.rejected());
      if (p.kind() == RejectedKind.SEQUENCE_CONFUSION) {
        confusions++;
        assertEquals(Outcome.SEQUENCE_CONFUSION, g.outcome(), p.item().id());
        assertEquals(p.confusedWith(), g.confusedWith());
      } else {
        hallucinations++;
        assertEquals(Outcome.WRONG, g.outcome(), p.item().id());
        assertEquals(List.of(p.rejected()), g.hallucinated());
      }
    }
    long multi = items.stream().filter(i -> i.format().multiImage()).count();
    assertTrue(pairs.size() >= multi, pairs.size() + " pairs for " + multi + " multi-image items");
    assertTrue(confusions > 40 && hallucinations > 20, confusions + " confusions, " + hallucinations);
  }
}
