package dev.align4j.core.shapes;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.core.media.Image;
import dev.align4j.core.util.UserError;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Rendering is deterministic by seed; captions round-trip through the parser. */
class RendererTest {
  @Test
  void sameSeedSameBytesOtherSeedOtherBytes() {
    Scene scene = Caption.parse("a small red circle above a large blue square");
    for (RenderOptions o : new RenderOptions[] {RenderOptions.square(32), RenderOptions.square(64).aliased(),
        new RenderOptions(48, 80, true, 5, 0.02)}) {
      Image a = new Renderer(o).render(scene, 42).pixels();
      Image b = new Renderer(o).render(scene, 42).pixels();
      assertEquals(o.width(), a.width());
      assertEquals(o.height(), a.height());
      assertArrayEquals(a.rgb(), b.rgb());
      assertFalse(Arrays.equals(a.rgb(), new Renderer(o).render(scene, 43).pixels().rgb()));
    }
  }

  @Test
  void imageShowsTheShapeColour() {
    Image p = new Renderer(new RenderOptions(64, 64, false, 0, 0)).render(Caption.parse("a large red square"), 1)
        .pixels();
    assertEquals(220, p.at(32, 32, 0));
    assertEquals(30, p.at(32, 32, 1));
  }

  @Test
  void captionsRoundTrip() {
    SplittableRandom rnd = new SplittableRandom(3);
    for (int i = 0; i < 500; i++) {
      Scene scene = SceneSampler.sample(rnd);
      assertEquals(scene, Caption.parse(Caption.of(scene)));
    }
    assertEquals("a small red circle to the left of a large white cross",
        Caption.of(Caption.parse("  A small RED circle to the left of   a large white cross")));
  }

  @Test
  void badCaptionsAreOneLineUserErrors() {
    UserError e = assertThrows(UserError.class, () -> Caption.parse("a small pink circle"));
    assertEquals("caption 'a small pink circle': expected a colour at word 3, found 'pink'", e.getMessage());
    assertThrows(UserError.class, () -> Caption.parse("a small red circle near a large blue square"));
    assertThrows(UserError.class, () -> Caption.parse("a small red circle above"));
    assertThrows(UserError.class, () -> Caption.parse(""));
  }

  @Test
  void perturbedScenesScoreBelowOne() {
    SplittableRandom rnd = new SplittableRandom(5);
    for (int i = 0; i < 300; i++) {
      Scene scene = SceneSampler.sample(rnd);
      assertTrue(Checker.score(SceneSampler.perturb(scene, 1 + rnd.nextInt(3), rnd), scene) < 1.0);
    }
  }
}
