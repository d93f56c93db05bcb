package dev.align4j.video.shapes;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.core.media.Image;
import dev.align4j.core.media.Video;
import dev.align4j.core.shapes.DetectedShape;
import dev.align4j.core.shapes.SceneDetector;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Sampler, paths and renderer: seeded, inside the frame, obeying the world's laws, drawn where the paths say. */
class ClipWorldTest {
  private final ClipOptions options = ClipOptions.defaults();
  private final ClipSampler sampler = new ClipSampler(options);
  private final ClipRenderer renderer = new ClipRenderer(options);

  @Test
  void sameSeedSameClipOtherSeedOtherClip() {
    MovingScene a = sampler.sample(new SplittableRandom(3));
    assertEquals(a, sampler.sample(new SplittableRandom(3)));
    Video one = renderer.render(a, 9).video();
    Video two = renderer.render(a, 9).video();
    assertEquals(8, one.frames().size());
    assertEquals(16, one.width());
    assertEquals(8, one.fps());
    for (int k = 0; k < 8; k++) assertArrayEquals(one.frames().get(k).rgb(), two.frames().get(k).rgb());
    assertFalse(Arrays.equals(one.frames().get(0).rgb(), renderer.render(a, 10).video().frames().get(0).rgb()));
  }

  @Test
  void pathsStayInsideAndMoveAsTheVerbSays() {
    SplittableRandom rnd = new SplittableRandom(4);
    Set<Motion> seen = new HashSet<>();
    for (int i = 0; i < 1000; i++) {
      MovingScene truth = sampler.sample(rnd);
      Motion motion = truth.scene().motion();
      seen.add(motion);
      for (int p = 0; p < truth.paths().size(); p++) {
        double r = truth.scene().shapes().get(p).size().radius();
        for (int k = 0; k < options.frames(); k++) {
          double[] c = truth.paths().get(p).at(options.time(k));
          for (double v : c) assertTrue(v >= r && v <= 1 - r, truth + " leaves the frame: " + Arrays.toString(c));
        }
      }
      double[] start = truth.paths().get(0).at(0);
      double[] end = truth.paths().get(0).at(1);
      double dx = end[0] - start[0];
      double dy = end[1] - start[1];
      if (motion.directed()) {
        double along = dx * motion.direction()[0] + dy * motion.direction()[1];
        assertTrue(along >= World.MIN_TRAVEL, truth + " travels " + along);
      } else if (motion == Motion.STAYS_STILL) {
        assertEquals(0, Math.hypot(dx, dy), 1e-12);
      } else if (motion.relative()) {
        double[] target = truth.paths().get(1).at(0);
        double change = Math.hypot(start[0] - target[0], start[1] - target[1])
            - Math.hypot(end[0] - target[0], end[1] - target[1]);
        if (motion == Motion.MOVES_AWAY_FROM) change = -change;
        assertTrue(change >= World.MIN_RELATIVE_TRAVEL, truth + " changes distance by " + change);
        for (int k = 0; k < options.frames(); k++) {
          double[] a = truth.paths().get(0).at(options.time(k));
          double[] b = truth.paths().get(1).at(options.time(k));
          double apart = World.apart(truth.scene().subject().size(), truth.scene().target().orElseThrow().size(), 16);
          assertTrue(Math.hypot(a[0] - b[0], a[1] - b[1]) >= apart - 1e-9, truth + " shapes touch");
        }
      }
    }
    assertEquals(Set.of(Motion.values()), seen);
  }

  @Test
  void framesShareTheBackgroundAndShowShapesWhereThePathsAre() {
    SplittableRandom rnd = new SplittableRandom(5);
    double worst = 0;
    for (int i = 0; i < 100; i++) {
      MovingScene truth = sampler.sample(rnd);
      ShapeClip clip = renderer.render(truth, rnd.nextLong());
      Image first = clip.video().frames().get(0);
      Image last = clip.video().frames().get(7);
      // the corner pixel is background in every frame: same colour up to the noise (12 either way)
      for (int c = 0; c < 3; c++) assertTrue(Math.abs(first.at(0, 0, c) - last.at(0, 0, c)) <= 24);
      for (int k = 0; k < 8; k++) {
        List<DetectedShape> found = SceneDetector.shapes(clip.video().frames().get(k));
        double[] want = truth.paths().get(0).at(options.time(k));
        double best = Double.MAX_VALUE;
        for (DetectedShape d : found) best = Math.min(best, Math.hypot(d.x() - want[0] * 16, d.y() - want[1] * 16));
        worst = Math.max(worst, best);
      }
    }
    assertTrue(worst < 1, "detected centre " + worst + " px from the path");
  }

  @Test
  void scenesThatDoNotFitAreRefusedAndFitInLargerFrames() {
    // two large shapes cannot start far enough apart in 16x16 to close in by the least relative travel
    MotionScene big = MotionCaption.parse("a large red square moves toward a large blue square");
    assertThrows(IllegalArgumentException.class, () -> sampler.paths(big, new SplittableRandom(1)));
    MovingScene fits = new ClipSampler(ClipOptions.of(8, 32)).paths(big, new SplittableRandom(1));
    assertEquals(big, fits.scene());
  }
}
