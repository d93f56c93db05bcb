package dev.align4j.core.shapes;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.core.media.Image;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Render styles: the standard one keeps the renderer's bytes, the held-out and the augmented ones draw what
 * the caption says (the pixel detector reads the true scene back), and the augmentation stays apart from the
 * held-out style.
 */
class RenderStyleTest {
  @Test
  void standardStyleKeepsTheRenderersBytes() throws Exception {
    MessageDigest md = MessageDigest.getInstance("SHA-256");
    for (RenderOptions o : new RenderOptions[] {RenderOptions.square(64), RenderOptions.square(32).aliased()}) {
      for (ShapePreference p : new ShapesDataset(new Renderer(o), 5, 2).preferences(40, 0.1)) {
        md.update(p.chosen().pixels().rgb());
        md.update(p.rejected().pixels().rgb());
      }
    }
    // Recorded with the renderer before styles existed.
    assertEquals("3dac4ad29e8c54508681fa4a23609268d57608be7094805709d370a9871c97fd",
        HexFormat.of().formatHex(md.digest()));
  }

  static double detectedExactly(Renderer renderer, int n) {
    SplittableRandom rnd = new SplittableRandom(17);
    int exact = 0;
    for (int i = 0; i < n; i++) {
      Scene scene = SceneSampler.sample(rnd);
      Image image = renderer.render(scene, rnd.nextLong()).pixels();
      if (Checker.scorePixels(image, Caption.of(scene)) == 1.0) exact++;
    }
    return (double) exact / n;
  }

  @Test
  void everyStyleDrawsWhatTheCaptionSays() {
    double standard = detectedExactly(new Renderer(RenderOptions.square(64)), 300);
    double heldOut = detectedExactly(Renderer.heldOut(), 300);
    double augmented = detectedExactly(new Renderer(RenderOptions.square(64), RenderStyle.AUGMENTED), 300);
    System.out.printf("scenes read back exactly: standard %.3f, held-out %.3f, augmented %.3f%n", standard, heldOut,
        augmented);
    assertTrue(standard >= 0.97, "standard " + standard);
    assertTrue(heldOut >= 0.97, "held-out " + heldOut);
    assertTrue(augmented >= 0.97, "augmented " + augmented);
  }

  @Test
  void heldOutStyleIsDeterministicAndLooksOther() {
    Renderer renderer = Renderer.heldOut();
    Scene scene = Caption.parse("a small red circle above a large blue square");
    Image a = renderer.render(scene, 42).pixels();
    assertArrayEquals(a.rgb(), renderer.render(scene, 42).pixels().rgb());
    int corner = (a.at(0, 0, 0) + a.at(0, 0, 1) + a.at(0, 0, 2)) / 3;
    assertTrue(corner >= 115 && corner <= 175, "mid-grey background, corner " + corner);
    Image standard = new Renderer(RenderOptions.square(64)).render(scene, 42).pixels();
    assertTrue(standard.at(0, 0, 0) < 110, "the standard background is dark");
  }

  @Test
  void augmentationStaysApartFromTheHeldOutStyle() {
    assertEquals(List.of(), RenderStyle.AUGMENTED.overlaps(RenderStyle.HELD_OUT));
    assertEquals(List.of("background", "small radius", "large radius", "spacing", "shift"),
        RenderStyle.STANDARD.overlaps(RenderStyle.AUGMENTED));
    assertThrows(IllegalArgumentException.class, () -> new RenderStyle(List.of(new Range(30, 89)), 15,
        Range.of(0.1), new Range(0.13, 0.17), Range.of(0.25), Range.of(0), 0, 0, Range.of(0)));
  }
}
