package dev.align4j.core.shapes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The scene checker's scoring rules, and the pixel checker agreeing with it on the renderer's images. */
class CheckerTest {
  @Test
  void perfectPartialAndSwappedOrder() {
    Scene truth = Caption.parse("a small red circle above a large blue square");
    assertEquals(1.0, Checker.score(truth, truth));
    assertEquals(1.0, Checker.score(truth, Caption.parse("a large blue square below a small red circle")));
    assertEquals(7.0 / 8, Checker.score(truth, Caption.parse("a small red circle below a large blue square")));
    assertEquals(6.0 / 8, Checker.score(truth, Caption.parse("a small green triangle above a large blue square")));
    assertEquals(3.0 / 4, Checker.score(truth, Caption.parse("a large blue square")));
    assertEquals(3.0 / 8, Checker.score(Caption.parse("a large blue square"), truth));
  }

  @ParameterizedTest
  @ValueSource(ints = {32, 64})
  void pixelCheckerAgreesWithSceneChecker(int side) {
    for (boolean aa : new boolean[] {true, false}) {
      RenderOptions options = aa ? RenderOptions.square(side) : RenderOptions.square(side).aliased();
      Renderer renderer = new Renderer(options);
      SplittableRandom rnd = new SplittableRandom(7);
      int n = 400;
      int agree = 0;
      int exact = 0;
      for (int i = 0; i < n; i++) {
        Scene scene = SceneSampler.sample(rnd);
        ShapeImage image = renderer.render(scene, rnd.nextLong());
        Scene asked = rnd.nextBoolean() ? scene : SceneSampler.perturb(scene, 1 + rnd.nextInt(2), rnd);
        String caption = Caption.of(asked);
        double truth = Checker.score(image, caption);
        double seen = Checker.scorePixels(image.pixels(), caption);
        if (Math.abs(truth - seen) < 1e-9) agree++;
        if (SceneDetector.detect(image.pixels()).filter(s -> Checker.score(s, scene) == 1.0).isPresent()) exact++;
        else if (System.getenv("SHAPES_DEBUG") != null)
            System.out.println(scene + " -> " + SceneDetector.detect(image.pixels()));
      }
      System.out.printf("side %d aa %s: agreement %.4f, exact scene %.4f%n", side, aa, agree / (double) n,
          exact / (double) n);
      assertTrue(agree >= 0.95 * n, "agreement " + agree + "/" + n);
    }
  }
}
