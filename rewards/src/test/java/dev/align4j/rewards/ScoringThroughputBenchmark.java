package dev.align4j.rewards;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.align4j.core.media.Image;
import dev.align4j.core.media.MediaCodec;
import dev.align4j.rewards.onnx.SessionConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Images/s for decode + preprocess + ONNX scoring at batch 1 and 32 (a benchmark, not a test: run with
 * {@code mvn -pl rewards -am test -Dtest=ScoringThroughputBenchmark -Dsurefire.failIfNoSpecifiedTests=false
 * -DargLine=-Dalign4j.bench=true}). Prints the median of 7 timed rounds after 3 warm-ups.
 */
class ScoringThroughputBenchmark {
  @Test
  void imagesPerSecond() throws Exception {
    assumeTrue(Boolean.getBoolean("align4j.bench"), "opt-in benchmark");
    Path repo = Path.of("").toAbsolutePath().getParent();
    byte[] jpeg = Files.readAllBytes(repo.resolve("rewards/src/test/resources/images/photo_300x200.jpg"));
    byte[] png = Files.readAllBytes(repo.resolve("rewards/src/test/resources/images/large_720x540.png"));
    RewardRegistry registry = Rewards.registry(repo.resolve("models"), SessionConfig.cpu());
    for (String name : List.of("pickscore", "hpsv2")) {
      try (RewardModel model = registry.open(name)) {
        for (byte[] bytes : List.of(jpeg, png)) {
          for (int batch : new int[] {1, 32}) {
            double[] rates = new double[10];
            for (int round = 0; round < rates.length; round++) {
              int n = 64;
              long t0 = System.nanoTime();
              for (int done = 0; done < n; done += batch) {
                List<Image> images = new ArrayList<>();
                List<String> prompts = new ArrayList<>();
                for (int i = 0; i < batch; i++) {
                  images.add(MediaCodec.decodeImage(bytes));
                  prompts.add("a photo of a cat");
                }
                model.scoreBatch(prompts, images);
              }
              rates[round] = n / ((System.nanoTime() - t0) / 1e9);
            }
            double[] timed = Arrays.copyOfRange(rates, 3, rates.length);
            Arrays.sort(timed);
            System.out.printf("%s %s batch %d: %.1f images/s (median of %d rounds)%n", name,
                bytes == jpeg ? "300x200 JPEG" : "720x540 PNG", batch, timed[timed.length / 2], timed.length);
          }
        }
      }
    }
  }
}
