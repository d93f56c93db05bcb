package dev.align4j.rewards.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.align4j.core.media.MediaCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The scoring service decodes and preprocesses requests concurrently: results must not depend on it. */
class ConcurrencyTest {
  private static final List<String> FILES = List.of("photo_300x200.jpg", "gradient_97x61.png", "gray_80x120.png",
      "rgba_64x48.png", "tall_50x400.png", "lossless_90x70.webp", "lossy_90x70.webp", "square_224.png");

  @Test
  void parallelDecodeAndPreprocessGiveSequentialResults() throws Exception {
    List<ClipPreprocessor> preprocessors = List.of(ClipPreprocessor.clip(), ClipPreprocessor.hpsv2());
    List<float[]> expected = new ArrayList<>();
    for (String f : FILES) {
      for (ClipPreprocessor p : preprocessors) expected.add(p.apply(MediaCodec.decodeImage(Fixtures.bytes(f))));
    }
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<float[]>> futures = new ArrayList<>();
      for (int round = 0; round < 6; round++) {
        for (String f : FILES) {
          byte[] bytes = Fixtures.bytes(f);
          for (ClipPreprocessor p : preprocessors) {
            futures.add(pool.submit(() -> p.apply(MediaCodec.decodeImage(bytes))));
          }
        }
      }
      for (int i = 0; i < futures.size(); i++) {
        assertArrayEquals(expected.get(i % expected.size()), futures.get(i).get(), "task " + i);
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
