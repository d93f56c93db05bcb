package dev.align4j.lvlm.world;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.align4j.core.shapes.Scene;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Reading free text in the world's vocabulary. */
class AnswerWordsTest {
  @Test
  void valuesOfTheAskedAttribute() {
    assertEquals(Set.of("red"), AnswerWords.values(Attribute.COLOR, "The circle is RED."));
    assertEquals(Set.of("red", "blue"), AnswerWords.values(Attribute.COLOR, "red or blue"));
    assertEquals(Set.of("cross"), AnswerWords.values(Attribute.KIND, "two crosses"));
    assertEquals(Set.of("left"), AnswerWords.values(Attribute.POSITION, "It is to the left of the square"));
    assertEquals(Set.of(), AnswerWords.values(Attribute.SIZE, "I cannot tell"));
  }

  @Test
  void countsReadDigitsAndIgnorePictureReferences() {
    assertEquals(Set.of("two"), AnswerWords.values(Attribute.COUNT, "There are 2 shapes"));
    assertEquals(Set.of("one"), AnswerWords.values(Attribute.COUNT, "In Image 3, there is one shape."));
    assertEquals(Set.of("one"), AnswerWords.values(Attribute.COUNT, "Image3 shows one"));
  }

  @Test
  void absentWordsAreThoseNoShapeHas() {
    List<Scene> scenes = List.of(QuestionTest.PAIR);
    assertEquals(List.of(), AnswerWords.absent("a small red circle and a large blue square", scenes));
    assertEquals(List.of("green", "triangle"), AnswerWords.absent("a green triangle, a red circle", scenes));
  }
}
