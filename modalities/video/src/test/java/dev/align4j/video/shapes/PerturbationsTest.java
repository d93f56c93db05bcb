package dev.align4j.video.shapes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.core.media.Image;
import dev.align4j.core.media.Video;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** What each edit does to a clip's frames (the checker tests say what it does to the scores). */
class PerturbationsTest {
  private final ClipRenderer renderer = new ClipRenderer(ClipOptions.defaults());
  private final ShapeClip clip = renderer.render(
      new ClipSampler(ClipOptions.defaults()).paths(MotionCaption.parse("a small red circle moves left"),
          new SplittableRandom(1)), 2);

  private static List<Integer> order(Video original, Video edited) {
    List<Integer> out = new ArrayList<>();
    for (Image f : edited.frames()) out.add(original.frames().indexOf(f));
    return out;
  }

  @Test
  void frameOrderEdits() {
    Video v = clip.video();
    assertEquals(List.of(7, 6, 5, 4, 3, 2, 1, 0), order(v, Perturbations.reversed(v)));
    assertEquals(List.of(0, 0, 0, 0, 0, 0, 0, 0), order(v, Perturbations.frozen(v)));
    SplittableRandom rnd = new SplittableRandom(3);
    for (int i = 0; i < 50; i++) {
      List<Integer> shuffled = order(v, Perturbations.shuffled(v, rnd));
      assertEquals(8, new HashSet<>(shuffled).size(), "a permutation: " + shuffled);
      for (int k = 0; k + 1 < 8; k++) assertTrue(Math.abs(shuffled.get(k + 1) - shuffled.get(k)) != 1, "" + shuffled);
      List<Integer> teleported = order(v, Perturbations.teleported(v, rnd));
      int changed = 0;
      for (int k = 0; k < 8; k++) if (teleported.get(k) != k) changed++;
      assertEquals(1, changed, "" + teleported);
      assertEquals(0, teleported.get(0));
      assertEquals(7, teleported.get(7));
    }
  }

  @Test
  void colourSwapRedrawsTheSecondHalfOnly() {
    Video swapped = Perturbations.colourSwapped(clip, renderer, new SplittableRandom(4));
    for (int k = 0; k < 4; k++) assertSame(clip.video().frames().get(k), swapped.frames().get(k));
    for (int k = 4; k < 8; k++) {
      Image a = clip.video().frames().get(k);
      Image b = swapped.frames().get(k);
      assertNotSame(a, b);
      int differ = 0;
      for (int p = 0; p < a.rgb().length; p++) if (a.rgb()[p] != b.rgb()[p]) differ++;
      // only the circle's pixels (small: radius 1.6 px, about 8 pixels and their edges) change
      assertTrue(differ > 0 && differ < 3 * 30, "bytes changed: " + differ);
    }
  }
}
