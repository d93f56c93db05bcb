package dev.align4j.video.world;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.align4j.core.media.Video;
import dev.align4j.image.unet.WordCaptionEncoder;
import dev.align4j.video.unet.VideoUNetConfig;
import dev.align4j.video.unet.VideoUNetDenoiser;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VideoPretrainingTest {
  private static final PrintStream QUIET = new PrintStream(new ByteArrayOutputStream());

  @Test
  void theCommittedRecipeReads() {
    VideoPretrainRecipe r = VideoPretrainRecipe.standard();
    assertEquals(1500, r.steps());
    assertEquals(16, r.batchSize());
    assertTrue(r.clips() >= 1000);
  }

  /** A few dozen steps on a pool of 8 clips lower the loss on a fixed probe batch (same clips, t and noise). */
  @Test
  void theLossFallsOnATinyPool() {
    VideoPretrainRecipe recipe = VideoPretrainRecipe.standard().withSteps(30).withData(4, 8);
    try (NDManager m = NDManager.newBaseManager();
        VideoUNetDenoiser unet = VideoUNetDenoiser.create(ShapesVideoWorld.unetConfig(), 3, m);
        WordCaptionEncoder encoder = WordCaptionEncoder.create(ShapesVideoWorld.encoderConfig(), 4, m)) {
      ClipPool pool = ClipPool.render(ShapesVideoWorld.trainingClips(), recipe.clips(), recipe.seed());
      List<Video> clips = new ArrayList<>();
      List<String> captions = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        clips.add(pool.clip(i).video());
        captions.add(pool.caption(i));
      }
      int[] t = {100, 300, 600, 900};
      long[] seeds = {11, 12, 13, 14};
      double before = probe(unet, encoder, clips, captions, t, seeds, m);
      VideoPretraining.Figures f = VideoPretraining.run(unet, encoder, recipe, ShapesVideoWorld.schedule(), QUIET);
      double after = probe(unet, encoder, clips, captions, t, seeds, m);
      assertEquals(30, f.losses().length);
      System.out.printf("tiny pre-training: %.1f ms/step at batch 4, loss %.3f -> %.3f%n", f.msPerStep(),
          f.losses()[0], f.lastLoss(5));
      assertTrue(after < 0.7 * before, "probe loss " + before + " -> " + after);
    }
  }

  /** A built model directory loads back as the same networks, and records its held-out evaluation. */
  @Test
  void aBuiltModelLoadsBack(@TempDir Path dir) throws Exception {
    VideoPretrainRecipe recipe = VideoPretrainRecipe.standard().withSteps(2).withData(2, 4);
    Path out = dir.resolve("video-unet");
    VideoUNetConfig narrow = ShapesVideoWorld.unetConfig().withChannels(List.of(8, 16), 4);
    ClipEvaluation score = VideoBaseModel.build(recipe, narrow, out, QUIET, 2);
    assertEquals(2, score.clips());
    assertTrue(Files.readString(out.resolve(VideoBaseModel.INDEX)).contains("\"dynamic_degree\""));
    try (NDManager m = NDManager.newBaseManager(); VideoBaseModel model = VideoBaseModel.load(out, m)) {
      assertEquals(narrow, model.unet().config());
      List<Video> again = model.generateHeldOut(2, m);
      assertEquals(score, ClipEvaluation.of(again, ShapesVideoWorld.heldOutPrompts(2)));
    }
  }

  private static double probe(VideoUNetDenoiser unet, WordCaptionEncoder encoder, List<Video> clips,
      List<String> captions, int[] t, long[] seeds, NDManager m) {
    try (NDManager scope = m.newSubManager()) {
      NDArray l = VideoPretraining.loss(unet, encoder, ShapesVideoWorld.schedule(), clips, captions, t, seeds, false);
      return l.getFloat();
    }
  }
}
