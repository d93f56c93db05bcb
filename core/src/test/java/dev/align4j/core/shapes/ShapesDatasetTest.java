package dev.align4j.core.shapes;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Dataset views: deterministic, faithful where promised, label noise at the asked rate. */
class ShapesDatasetTest {
  private final Renderer renderer = new Renderer(RenderOptions.square(32));

  @Test
  void deterministicAndPrefixStable() {
    List<ShapePreference> a = new ShapesDataset(renderer, 11, 2).preferences(20, 0.1);
    List<ShapePreference> b = new ShapesDataset(renderer, 11, 2).preferences(30, 0.1);
    for (int i = 0; i < a.size(); i++) {
      assertEquals(a.get(i).caption(), b.get(i).caption());
      assertArrayEquals(a.get(i).chosen().pixels().rgb(), b.get(i).chosen().pixels().rgb());
      assertArrayEquals(a.get(i).rejected().pixels().rgb(), b.get(i).rejected().pixels().rgb());
    }
  }

  @Test
  void captionedImagesAreFaithful() {
    for (CaptionedImage c : new ShapesDataset(renderer, 1, 1).captioned(100)) {
      assertEquals(1.0, Checker.score(c.image(), c.caption()));
      assertEquals(1.0, Checker.scorePixels(c.image().pixels(), c.caption()));
    }
  }

  @Test
  void chosenBeatsRejectedExceptAtTheNoiseRate() {
    int n = 2000;
    double noise = 0.2;
    List<ShapePreference> prefs = new ShapesDataset(renderer, 2, 3).preferences(n, noise);
    int wrong = 0;
    for (ShapePreference p : prefs) {
      double chosen = Checker.score(p.chosen(), p.caption());
      double rejected = Checker.score(p.rejected(), p.caption());
      assertTrue(chosen != rejected);
      if (chosen < rejected) wrong++;
      assertEquals(p.labelFlipped(), chosen < rejected);
    }
    double rate = wrong / (double) n;
    System.out.printf("preference label noise: asked %.2f, measured %.4f%n", noise, rate);
    assertEquals(noise, rate, 3 * Math.sqrt(noise * (1 - noise) / n));
    assertEquals(0, new ShapesDataset(renderer, 2, 3).preferences(200, 0).stream().filter(ShapePreference::labelFlipped)
        .count());
  }

  @Test
  void unpairedLabelsFollowTheCheckerUpToNoise() {
    int n = 2000;
    List<LabelledImage> samples = new ShapesDataset(renderer, 3, 2).unpaired(n, 0.1);
    long wrong = samples.stream().filter(s -> s.desirable() != (Checker.score(s.image(), s.caption()) == 1.0)).count();
    long desirable = samples.stream().filter(LabelledImage::desirable).count();
    assertEquals(0.1, wrong / (double) n, 0.02);
    assertEquals(0.5, desirable / (double) n, 0.04);
  }
}
