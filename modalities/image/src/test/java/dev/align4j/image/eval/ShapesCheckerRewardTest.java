package dev.align4j.image.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.core.media.Image;
import dev.align4j.core.media.TextPart;
import dev.align4j.core.shapes.CaptionedImage;
import dev.align4j.core.shapes.ShapesDataset;
import dev.align4j.core.util.UserError;
import dev.align4j.image.shapes.ShapesImageWorld;
import dev.align4j.rewards.RewardModel;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The checker as a reward: a caption's own render scores 1, the same render under another caption less. */
class ShapesCheckerRewardTest {
  @Test
  void rendersScoreOneUnderTheirOwnCaptionAndLessUnderAnother() {
    List<CaptionedImage> renders = new ShapesDataset(ShapesImageWorld.renderer(), 5, 1).captioned(8);
    List<String> captions = renders.stream().map(CaptionedImage::caption).toList();
    List<Image> images = renders.stream().map(r -> r.image().pixels()).toList();
    try (RewardModel checker = ShapesCheckerReward.open(null, ShapesCheckerReward.NAME)) {
      assertEquals("shapes-checker", checker.name());
      float[] own = checker.scoreBatch(captions, images);
      float[] ones = new float[8];
      java.util.Arrays.fill(ones, 1f);
      assertArrayEquals(ones, own, "renders under their own captions");
      List<String> shifted = new java.util.ArrayList<>(captions);
      java.util.Collections.rotate(shifted, 3);
      float[] other = checker.scoreBatch(shifted, images);
      double mean = 0;
      for (float v : other) mean += v / other.length;
      assertTrue(mean < 0.8, "renders under other captions score " + mean);
      assertThrows(UserError.class, () -> checker.scoreBatch(List.of("a red circle"), List.of(new TextPart("x"))));
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void otherNamesGoToTheRegistry() {
    assertThrows(NullPointerException.class, () -> ShapesCheckerReward.open(null, "shapes-pick"));
    RewardModel r = new ShapesCheckerReward();
    assertSame(r.getClass(), ShapesCheckerReward.open(null, ShapesCheckerReward.NAME).getClass());
  }
}
