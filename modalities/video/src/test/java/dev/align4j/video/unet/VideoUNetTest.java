package dev.align4j.video.unet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import dev.align4j.diffusion.Prediction;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VideoUNetTest {
  private static NDArray clip(NDManager m, long seed, int b) {
    m.getEngine().setRandomSeed((int) seed);
    return m.randomNormal(new Shape(b, 3, 8, 16, 16));
  }

  private static NDArray timesteps(NDManager m, long... t) {
    return m.create(t);
  }

  @Test
  void predictsClipsOfItsOwnShapeWithTheSpecifiedSize() {
    try (NDManager m = NDManager.newBaseManager();
        VideoUNetDenoiser unet = VideoUNetDenoiser.create(VideoUNetConfig.movingShapes(), 1, m)) {
      assertArrayEquals(new int[] {3, 8, 16, 16}, unet.sampleShape());
      assertEquals(Prediction.V_PREDICTION, unet.prediction());
      long n = unet.parameterCount();
      assertTrue(n > 300_000 && n < 450_000, "parameters: " + n);
      NDArray out = unet.predict(clip(m, 3, 2), timesteps(m, 10, 900), m.randomNormal(new Shape(2, 16, 64)), false);
      assertEquals(new Shape(2, 3, 8, 16, 16), out.getShape());
    }
  }

  /** A change in the first frame reaches the last frames' outputs only through the temporal blocks. */
  @Test
  void framesSeeEachOther() {
    try (NDManager m = NDManager.newBaseManager();
        VideoUNetDenoiser unet = VideoUNetDenoiser.create(VideoUNetConfig.movingShapes(), 1, m)) {
      NDArray x = clip(m, 5, 1);
      NDArray ctx = m.randomNormal(new Shape(1, 16, 64));
      NDArray a = unet.predict(x, timesteps(m, 500), ctx, false);
      NDArray changed = x.duplicate();
      changed.set(new NDIndex(":, :, 0"), 0f);
      NDArray b = unet.predict(changed, timesteps(m, 500), ctx, false);
      float lastFrameChange = a.get(":, :, 7").sub(b.get(":, :, 7")).abs().max().getFloat();
      assertTrue(lastFrameChange > 1e-4, "frame 7 ignores frame 0: " + lastFrameChange);
      // each clip is denoised on its own: a batch of two gives the first clip's output unchanged
      NDArray pair = unet.predict(x.concat(clip(m, 6, 1), 0), timesteps(m, 500, 500), ctx.concat(ctx, 0), false);
      assertTrue(pair.get("0:1").sub(a).abs().max().getFloat() < 1e-4);
    }
  }

  @Test
  void savesAndLoadsTheSameNetwork(@TempDir Path dir) throws Exception {
    VideoUNetConfig small = VideoUNetConfig.movingShapes().withChannels(List.of(8, 16), 4);
    try (NDManager m = NDManager.newBaseManager();
        VideoUNetDenoiser unet = VideoUNetDenoiser.create(small, 7, m)) {
      unet.save(dir.resolve("unet"));
      try (VideoUNetDenoiser back = VideoUNetDenoiser.load(dir.resolve("unet"), m);
          VideoUNetDenoiser other = VideoUNetDenoiser.create(small, 8, m)) {
        NDArray x = clip(m, 9, 1);
        NDArray ctx = m.randomNormal(new Shape(1, 16, 64));
        NDArray want = unet.predict(x, timesteps(m, 300), ctx, false);
        assertEquals(0f, back.predict(x, timesteps(m, 300), ctx, false).sub(want).abs().max().getFloat(), 1e-6f);
        assertTrue(other.predict(x, timesteps(m, 300), ctx, false).sub(want).abs().max().getFloat() > 1e-3);
        assertEquals(small, back.config());
      }
    }
  }
}
