package dev.align4j.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.benchmarks.stats.Bootstrap;
import dev.align4j.core.media.ContentPart;
import dev.align4j.core.media.Image;
import dev.align4j.rewards.RewardModel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WinRateTest {
  /** A judge that scores an image by its first pixel's red value. */
  private static final RewardModel RED = new RewardModel() {
    @Override
    public String name() {
      return "red";
    }

    @Override
    public float[] scoreBatch(List<String> prompts, List<? extends ContentPart> images) {
      float[] s = new float[images.size()];
      for (int i = 0; i < s.length; i++) s[i] = ((Image) images.get(i)).at(0, 0, 0);
      return s;
    }
  };

  private static Image pixel(int red) {
    return new Image(1, 1, new byte[] {(byte) red, 0, 0});
  }

  @Test
  void pairsEachPromptsSamplesAcrossBatches() {
    List<String> prompts = new ArrayList<>();
    List<Image> a = new ArrayList<>();
    List<Image> b = new ArrayList<>();
    int[][] reds = {{10, 5}, {3, 3}, {0, 9}, {7, 1}, {200, 100}};
    for (int[] r : reds) {
      prompts.add("p");
      a.add(pixel(r[0]));
      b.add(pixel(r[1]));
    }
    WinRate.Result r = WinRate.judge(RED, prompts, a, b, 2, Bootstrap.of(3));
    assertEquals(5, r.n());
    assertEquals((1 + 0.5 + 0 + 1 + 1) / 5.0, r.winRate().estimate(), 1e-12);
    assertEquals((5 + 0 - 9 + 6 + 100) / 5.0, r.meanDifference().estimate(), 1e-9);
    assertEquals(220 / 5.0, r.meanA(), 1e-9);
    assertTrue(r.markdownRow().startsWith("| red | 5 | 0.700 ["), r.markdownRow());
  }
}
