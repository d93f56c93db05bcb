package dev.align4j.rewards.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.core.media.Image;
import dev.align4j.core.shapes.RenderOptions;
import dev.align4j.core.shapes.Renderer;
import dev.align4j.core.shapes.ShapePreference;
import dev.align4j.core.shapes.ShapesDataset;
import dev.align4j.rewards.RewardModel;
import dev.align4j.rewards.RewardRegistry;
import dev.align4j.rewards.Rewards;
import dev.align4j.rewards.fixtures.ModelDirs;
import dev.align4j.rewards.onnx.SessionConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The shipped shapes reward models (trained by {@code examples/reward-clip-shapes.yaml} and
 * {@code examples/reward-pick-shapes.yaml}), loaded through the registry and scored through ONNX Runtime with
 * the real CLIP preprocessing: their pairwise accuracy on held-out shapes preference pairs (a seed no training
 * run used, 64x64 as `align4j data shapes` draws them, 1-2 attributes changed, no label noise; the checker's
 * truth decides) is at least 0.95, as the README states.
 */
class ShippedModelsTest {
  static final int PAIRS = 600;
  static final long HELD_OUT_SEED = 99;

  static double accuracy(RewardRegistry registry, String name, List<ShapePreference> pairs) {
    int correct = 0;
    try (RewardModel m = registry.open(name)) {
      for (ShapePreference p : pairs) {
        var c = m.compare(p.caption(), p.chosen().pixels(), p.rejected().pixels());
        if (c.preferred() == 0 && c.probabilities()[0] > 0.5) correct++;
      }
    }
    return (double) correct / pairs.size();
  }

  @Test
  void heldOutPairAccuracyThroughTheRegistry() {
    List<ShapePreference> pairs = new ShapesDataset(new Renderer(RenderOptions.square(64)), HELD_OUT_SEED, 2)
        .preferences(PAIRS, 0.0);
    RewardRegistry registry = Rewards.registry(ModelDirs.MODELS, SessionConfig.cpu());
    for (String name : List.of("shapes-clip", "shapes-pick")) {
      double a = accuracy(registry, name, pairs);
      System.out.printf("%s: held-out pair accuracy %.4f (%d pairs)%n", name, a, PAIRS);
      assertTrue(a >= 0.95, name + ": held-out pair accuracy " + a);
    }
  }

  @Test
  void shippedModelsStaySmall() throws IOException {
    long bytes = 0;
    for (String name : List.of("shapes-clip", "shapes-pick")) {
      try (Stream<Path> files = Files.list(ModelDirs.MODELS.resolve(name))) {
        for (Path f : files.toList()) bytes += Files.size(f);
      }
    }
    assertTrue(bytes < 5_000_000, "shapes-clip + shapes-pick are " + bytes + " bytes");
  }
}
