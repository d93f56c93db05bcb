package dev.align4j.image.method;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.align4j.core.media.ContentPart;
import dev.align4j.core.media.Image;
import dev.align4j.core.media.ImageTensors;
import dev.align4j.core.shapes.Caption;
import dev.align4j.core.shapes.Checker;
import dev.align4j.core.shapes.RenderOptions;
import dev.align4j.core.shapes.Renderer;
import dev.align4j.core.shapes.Scene;
import dev.align4j.core.shapes.SceneSampler;
import dev.align4j.rewards.RewardCandidateScorer;
import dev.align4j.rewards.RewardModel;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Step scorers see decoded [-1, 1] tensors as the 8-bit images their models were made for. */
class StepScorerTest {
  static final int SIDE = 32;

  /** Channel-major [-1, 1] tensor of 8-bit images. */
  static NDArray tensor(NDManager m, List<Image> images) {
    int plane = SIDE * SIDE;
    float[] v = new float[images.size() * 3 * plane];
    for (int i = 0; i < images.size(); i++) {
      for (int c = 0; c < 3; c++) {
        for (int p = 0; p < plane; p++)
            v[(i * 3 + c) * plane + p] = (images.get(i).rgb()[p * 3 + c] & 0xff) / 127.5f - 1;
      }
    }
    return m.create(v, new Shape(images.size(), 3, SIDE, SIDE));
  }

  @Test
  void shapesCheckerAndRewardModelScoreThePixels() {
    try (NDManager m = NDManager.newBaseManager()) {
      SplittableRandom rnd = new SplittableRandom(3);
      Renderer renderer = new Renderer(RenderOptions.square(SIDE));
      List<Image> images = new ArrayList<>();
      List<String> captions = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        Scene scene = SceneSampler.sample(rnd);
        images.add(renderer.render(scene, i).pixels());
        // Half the captions describe another scene.
        captions.add(Caption.of(i % 2 == 0 ? scene : SceneSampler.sample(rnd)));
      }
      NDArray x = tensor(m, images);
      List<Image> back = ImageTensors.fromTensor(x);
      for (int i = 0; i < 4; i++) assertArrayEquals(images.get(i).rgb(), back.get(i).rgb());
      double[] checker = StepScorer.shapesChecker().score(x, captions);
      for (int i = 0; i < 4; i++) assertEquals(Checker.scorePixels(images.get(i), captions.get(i)), checker[i]);
      RewardModel red = new RewardModel() {
        @Override
        public String name() {
          return "red";
        }

        @Override
        public float[] scoreBatch(List<String> prompts, List<? extends ContentPart> imgs) {
          float[] s = new float[imgs.size()];
          for (int i = 0; i < s.length; i++) s[i] = (((Image) imgs.get(i)).rgb()[0] & 0xff) + prompts.get(i).length();
          return s;
        }
      };
      double[] reward = StepScorer.of(red).score(x, captions);
      double[] cand = new RewardCandidateScorer(red).score(captions.get(0), back);
      for (int i = 0; i < 4; i++) {
        assertEquals((images.get(i).rgb()[0] & 0xff) + captions.get(i).length(), reward[i], 1e-6);
        assertEquals((images.get(i).rgb()[0] & 0xff) + captions.get(0).length(), cand[i], 1e-6);
      }
    }
  }
}
