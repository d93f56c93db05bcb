package dev.align4j.lvlm.world;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.core.shapes.Relation;
import dev.align4j.core.shapes.Scene;
import dev.align4j.core.shapes.ShapeColor;
import dev.align4j.core.shapes.ShapeKind;
import dev.align4j.core.shapes.ShapeSize;
import dev.align4j.core.shapes.ShapeSpec;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Questions: their text, their answers about a scene, and the values of the shapes they do not refer to. */
class QuestionTest {
  static final ShapeSpec SMALL_RED_CIRCLE = new ShapeSpec(ShapeKind.CIRCLE, ShapeColor.RED, ShapeSize.SMALL);
  static final ShapeSpec LARGE_BLUE_SQUARE = new ShapeSpec(ShapeKind.SQUARE, ShapeColor.BLUE, ShapeSize.LARGE);
  static final ShapeSpec LARGE_BLUE_CIRCLE = new ShapeSpec(ShapeKind.CIRCLE, ShapeColor.BLUE, ShapeSize.LARGE);
  /** A small red circle to the left of a large blue square. */
  static final Scene PAIR = Scene.of(SMALL_RED_CIRCLE, Relation.LEFT_OF, LARGE_BLUE_SQUARE);

  @Test
  void texts() {
    assertEquals("what colour is the circle?", Question.color(ShapeKind.CIRCLE).text());
    assertEquals("what size is the cross?", Question.size(ShapeKind.CROSS).text());
    assertEquals("what shape is the red one?", Question.kind(ShapeColor.RED).text());
    assertEquals("where is the circle relative to the square?",
        Question.position(ShapeKind.CIRCLE, ShapeKind.SQUARE).text());
    assertEquals("how many shapes are there?", Question.count().text());
  }

  @Test
  void answersAboutAScene() {
    assertEquals(Optional.of("red"), Question.color(ShapeKind.CIRCLE).answer(PAIR));
    assertEquals(Optional.of("large"), Question.size(ShapeKind.SQUARE).answer(PAIR));
    assertEquals(Optional.of("circle"), Question.kind(ShapeColor.RED).answer(PAIR));
    assertEquals(Optional.of("two"), Question.count().answer(PAIR));
    assertEquals(Optional.of("left"), Question.position(ShapeKind.CIRCLE, ShapeKind.SQUARE).answer(PAIR));
    assertEquals(Optional.of("right"), Question.position(ShapeKind.SQUARE, ShapeKind.CIRCLE).answer(PAIR));
    assertEquals(Optional.empty(), Question.color(ShapeKind.CROSS).answer(PAIR));
    assertEquals(Optional.empty(), Question.position(ShapeKind.CIRCLE, ShapeKind.CROSS).answer(PAIR));
  }

  @Test
  void twoReferentsHaveTwoAnswersAndNoSingleOne() {
    Scene circles = Scene.of(SMALL_RED_CIRCLE, Relation.ABOVE, LARGE_BLUE_CIRCLE);
    assertEquals(Set.of("red", "blue"), Question.color(ShapeKind.CIRCLE).answers(circles));
    assertEquals(Optional.empty(), Question.color(ShapeKind.CIRCLE).answer(circles));
    assertTrue(Question.about(circles).stream().noneMatch(q -> q.attribute() == Attribute.POSITION));
  }

  @Test
  void otherElementsAreTheShapesNotReferredTo() {
    assertEquals(Set.of("blue"), Question.color(ShapeKind.CIRCLE).otherElements(PAIR));
    assertEquals(Set.of("square"), Question.kind(ShapeColor.RED).otherElements(PAIR));
    assertEquals(Set.of(), Question.count().otherElements(PAIR));
  }

  @Test
  void everyQuestionAboutASceneHasOneAnswer() {
    List<Question> about = Question.about(PAIR);
    assertEquals(9, about.size()); // colour and size of 2 kinds, kind of 2 colours, count, 2 positions
    for (Question q : about) assertTrue(q.answer(PAIR).isPresent(), q.text());
    assertEquals(List.of(Question.color(ShapeKind.CIRCLE), Question.size(ShapeKind.CIRCLE), Question.count()),
        Question.about(Scene.of(SMALL_RED_CIRCLE)).stream().filter(q -> q.attribute() != Attribute.KIND).toList());
  }
}
