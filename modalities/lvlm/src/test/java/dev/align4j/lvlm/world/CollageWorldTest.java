package dev.align4j.lvlm.world;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.core.media.Image;
import dev.align4j.core.shapes.Caption;
import dev.align4j.core.shapes.RenderOptions;
import dev.align4j.core.shapes.Renderer;
import dev.align4j.lvlm.ImagePrompts;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The collage world: formats, prompts, determinism, confusers, the split, and the composed images. */
class CollageWorldTest {
  private static final CollageWorld WORLD = CollageWorld.standard();
  private static final Renderer PICTURE = new Renderer(RenderOptions.square(CollageWorld.SIDE));

  @Test
  void sameSeedSameItemsAndLongerSetsExtendShorterOnes() {
    List<CollageItem> a = WORLD.mixed(Split.TRAIN, 12, 7);
    List<CollageItem> b = WORLD.mixed(Split.TRAIN, 16, 7);
    for (int i = 0; i < a.size(); i++) {
      assertEquals(a.get(i).prompt(), b.get(i).prompt());
      assertEquals(a.get(i).panels(), b.get(i).panels());
      for (int k = 0; k < a.get(i).images().size(); k++) {
        assertArrayEquals(a.get(i).images().get(k).rgb(), b.get(i).images().get(k).rgb());
      }
    }
    assertTrue(!WORLD.mixed(Split.TRAIN, 12, 8).get(1).panels().equals(a.get(1).panels()));
  }

  @Test
  void formatsHaveMiaDposShapes() {
    for (CollageItem item : WORLD.items(Format.SEQUENCE, Split.TRAIN, 30, 1)) {
      int n = item.panels().size();
      assertTrue(n >= 2 && n <= 5, "sequence of " + n);
      assertEquals(n, item.images().size());
      assertEquals(n, ImagePrompts.count(item.prompt()));
      assertTrue(item.prompt().startsWith("Image1:<image>\nImage2:<image>\n"), item.prompt());
      assertTrue(item.prompt().endsWith("In Image" + (item.referred() + 1) + ", " + item.question().text()));
    }
    for (CollageItem item : WORLD.items(Format.GRID, Split.TRAIN, 30, 2)) {
      assertTrue(Collages.GRID_CELLS.contains(item.panels().size()), "grid of " + item.panels().size());
      assertEquals(1, item.images().size());
      assertEquals("<image>\nIn Image" + (item.referred() + 1) + ", " + item.question().text(), item.prompt());
    }
    for (CollageItem item : WORLD.items(Format.PIC_IN_PIC, Split.TRAIN, 20, 3)) {
      assertEquals(2, item.panels().size());
      assertEquals(1, item.images().size());
      assertEquals(64, item.images().get(0).width());
      String which = item.referred() == 0 ? "large" : "small";
      assertEquals("<image>\nIn the " + which + " picture, " + item.question().text(), item.prompt());
    }
    CollageItem single = WORLD.items(Format.SINGLE, Split.TRAIN, 1, 4).get(0);
    assertEquals(1, single.panels().size());
    assertTrue(single.prompt().startsWith("<image>\nWhat ") || single.prompt().startsWith("<image>\nWhere ")
        || single.prompt().startsWith("<image>\nHow "), single.prompt());
  }

  @Test
  void everyMultiImageQuestionHasAConfuserAndEveryAttributeIsAsked() {
    Set<Attribute> asked = EnumSet.noneOf(Attribute.class);
    Set<Format> formats = EnumSet.noneOf(Format.class);
    for (CollageItem item : WORLD.mixed(Split.TRAIN, 200, 11)) {
      asked.add(item.question().attribute());
      formats.add(item.format());
      if (!item.format().multiImage()) continue;
      Set<String> others = CollageWorld.confusable(item.question(), item.panels().get(item.referred()).scene(),
          item.answer());
      boolean confuser = false;
      for (int j = 0; j < item.panels().size(); j++) {
        String a = item.question().answer(item.panels().get(j).scene()).orElse(null);
        confuser |= j != item.referred() && a != null && !a.equals(item.answer()) && !others.contains(a);
      }
      assertTrue(confuser, item.id());
    }
    assertEquals(EnumSet.allOf(Attribute.class), asked);
    assertEquals(EnumSet.allOf(Format.class), formats);
  }

  @Test
  void heldOutQuestionsAreDisjointFromTrainingOnes() {
    Set<String> train = new HashSet<>();
    for (CollageItem item : WORLD.mixed(Split.TRAIN, 300, 5)) {
      for (Panel p : item.panels()) assertEquals(Split.TRAIN, Split.of(p.scene()), item.id());
      train.add(Caption.of(item.panels().get(item.referred()).scene()) + " | " + item.question().text());
    }
    int heldOut = 0;
    for (CollageItem item : WORLD.mixed(Split.HELD_OUT, 300, 5)) {
      assertEquals(Split.HELD_OUT, Split.of(item.panels().get(item.referred()).scene()), item.id());
      assertTrue(!train.contains(Caption.of(item.panels().get(item.referred()).scene()) + " | "
          + item.question().text()), item.id());
      heldOut++;
    }
    assertEquals(300, heldOut);
  }

  @Test
  void gridCellsAreThePicturesWithTheirNumbersAbove() {
    for (CollageItem item : WORLD.items(Format.GRID, Split.TRAIN, 10, 9)) {
      Image grid = item.images().get(0);
      int side = CollageWorld.SIDE;
      for (int k = 0; k < item.panels().size(); k++) {
        Panel p = item.panels().get(k);
        int[] at = Collages.cellOrigin(item.panels().size(), k, side);
        assertArrayEquals(PICTURE.render(p.scene(), p.seed()).pixels().rgb(),
            crop(grid, at[0], at[1], side, side).rgb());
        int ink = 0;
        for (int y = at[1] - Collages.labelStrip(side); y < at[1]; y++) {
          for (int x = at[0]; x < at[0] + 5; x++) ink += grid.at(x, y, 0) == 0 ? 1 : 0;
        }
        assertTrue(ink >= 5, "cell " + (k + 1) + " has its number");
      }
    }
  }

  @Test
  void theInsetIsTheSmallPictureAndTheLargeOneLeavesItsCornerFree() {
    int inset = CollageWorld.insetSide(CollageWorld.SIDE);
    Renderer small = new Renderer(RenderOptions.square(inset));
    for (CollageItem item : WORLD.items(Format.PIC_IN_PIC, Split.TRAIN, 40, 13)) {
      Panel big = item.panels().get(0);
      Panel in = item.panels().get(1);
      int corner = CollageWorld.corner(big);
      Image composed = item.images().get(0);
      int[] frame = Collages.insetFrame(composed.width(), composed.height(), inset, inset, corner);
      assertArrayEquals(small.render(in.scene(), in.seed()).pixels().rgb(),
          crop(composed, frame[0] + 1, frame[1] + 1, inset, inset).rgb());
      // Under the frame the large picture shows only its dark background: no shape colour there.
      Image large = WORLD.largePicture(big, corner);
      for (int y = frame[1]; y < frame[3]; y++) {
        for (int x = frame[0]; x < frame[2]; x++) {
          int max = Math.max(large.at(x, y, 0), Math.max(large.at(x, y, 1), large.at(x, y, 2)));
          int min = Math.min(large.at(x, y, 0), Math.min(large.at(x, y, 1), large.at(x, y, 2)));
          assertTrue(max < 140 && max - min < 60, item.id() + " shape under the inset at " + x + "," + y);
        }
      }
    }
  }

  static Image crop(Image image, int x0, int y0, int w, int h) {
    byte[] rgb = new byte[w * h * 3];
    for (int y = 0; y < h; y++) {
      System.arraycopy(image.rgb(), ((y0 + y) * image.width() + x0) * 3, rgb, y * w * 3, w * 3);
    }
    return new Image(w, h, rgb);
  }
}
