package dev.align4j.video.shapes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.align4j.core.shapes.ShapeColor;
import dev.align4j.core.shapes.ShapeKind;
import dev.align4j.core.shapes.ShapeSize;
import dev.align4j.core.shapes.ShapeSpec;
import dev.align4j.core.util.UserError;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The motion grammar: every sampled scene round-trips, edits change the caption, bad captions name the word. */
class MotionCaptionTest {
  @Test
  void parsesEveryForm() {
    ShapeSpec redCircle = new ShapeSpec(ShapeKind.CIRCLE, ShapeColor.RED, ShapeSize.SMALL);
    ShapeSpec blueSquare = new ShapeSpec(ShapeKind.SQUARE, ShapeColor.BLUE, ShapeSize.LARGE);
    assertEquals(MotionScene.of(redCircle, Motion.MOVES_LEFT), MotionCaption.parse("a small red circle moves left"));
    assertEquals(MotionScene.of(redCircle, Motion.STAYS_STILL),
        MotionCaption.parse("  A small RED circle   stays still"));
    assertEquals(MotionScene.of(blueSquare, Motion.BOUNCES), MotionCaption.parse("a large blue square bounces"));
    assertEquals(MotionScene.of(redCircle, Motion.MOVES_TOWARD, blueSquare),
        MotionCaption.parse("a small red circle moves toward a large blue square"));
    assertEquals(MotionScene.of(redCircle, Motion.MOVES_AWAY_FROM, blueSquare),
        MotionCaption.parse("a small red circle moves away from a large blue square"));
  }

  @Test
  void sampledScenesRoundTripAndEditsDiffer() {
    SplittableRandom rnd = new SplittableRandom(1);
    for (int i = 0; i < 500; i++) {
      MotionScene scene = ClipSampler.scene(rnd);
      assertEquals(scene, MotionCaption.parse(MotionCaption.of(scene)));
      MotionScene edited = ClipSampler.perturb(scene, rnd);
      assertNotEquals(scene, edited);
      assertEquals(scene.motion().relative(), edited.motion().relative());
    }
  }

  @Test
  void badCaptionsAreOneLineUserErrors() {
    UserError e = assertThrows(UserError.class, () -> MotionCaption.parse("a small red circle jumps"));
    assertEquals("caption 'a small red circle jumps': expected no motion (moves, stays still, falls, bounces)",
        e.getMessage());
    e = assertThrows(UserError.class, () -> MotionCaption.parse("a small pink circle falls"));
    assertEquals("caption 'a small pink circle falls': caption 'a small pink circle': expected a colour at word 3, "
        + "found 'pink'", e.getMessage());
    assertThrows(UserError.class, () -> MotionCaption.parse("a small red circle moves sideways"));
    assertThrows(UserError.class, () -> MotionCaption.parse("a small red circle falls left"));
    assertThrows(UserError.class, () -> MotionCaption.parse("a small red circle moves toward"));
    assertThrows(UserError.class, () -> MotionCaption.parse("moves left"));
    assertThrows(UserError.class,
        () -> MotionCaption.parse("a small red circle above a large blue square moves left"));
  }
}
