package dev.align4j.rewards.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.core.config.ConfigLoader;
import dev.align4j.core.shapes.RenderOptions;
import dev.align4j.core.shapes.RenderStyle;
import dev.align4j.core.shapes.Renderer;
import dev.align4j.core.shapes.ShapePreference;
import dev.align4j.core.shapes.ShapesDataset;
import dev.align4j.rewards.RewardRegistry;
import dev.align4j.rewards.Rewards;
import dev.align4j.rewards.fixtures.ModelDirs;
import dev.align4j.rewards.onnx.SessionConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The shapes reward models on a render style no training run saw ({@link RenderStyle#HELD_OUT}: mid-grey
 * background, near-threshold sizes, tighter off-centre layouts, JPEG at quality 30-40, 64 px) and on the standard
 * look, through the registry. Every pair is a clear preference: a faithful image over one with 1-2 attributes
 * changed (the checker's truth; the pixel detector reads both styles back exactly, core's RenderStyleTest), 600
 * pairs from the seed {@link ShippedModelsTest} uses. The shipped models, trained on the standard look only, lose
 * much of their accuracy on the held-out style; the augmented ones ({@code examples/reward-*-shapes-aug.yaml},
 * {@code models/shapes-*-aug}) keep it, and keep the standard look.
 */
class StyleGeneralisationTest {
  static final List<String> SHIPPED = List.of("shapes-clip", "shapes-pick");
  static final List<String> AUGMENTED = List.of("shapes-clip-aug", "shapes-pick-aug");
  static final Map<String, Double> HELD_OUT_ACCURACY = new HashMap<>();

  static List<ShapePreference> pairs(Renderer renderer) {
    return new ShapesDataset(renderer, ShippedModelsTest.HELD_OUT_SEED, 2)
        .preferences(ShippedModelsTest.PAIRS, 0.0);
  }

  static synchronized double heldOut(RewardRegistry registry, String name) {
    return HELD_OUT_ACCURACY.computeIfAbsent(name, n -> ShippedModelsTest.accuracy(registry, n,
        pairs(Renderer.heldOut())));
  }

  @Test
  void shippedModelsLoseTheHeldOutStyle() {
    RewardRegistry registry = Rewards.registry(ModelDirs.MODELS, SessionConfig.cpu());
    for (String name : SHIPPED) {
      double a = heldOut(registry, name);
      System.out.printf("%s: held-out style pair accuracy %.4f (%d pairs)%n", name, a, ShippedModelsTest.PAIRS);
      assertTrue(a < 0.85, name + ": the held-out style was expected to be hard without augmentation: " + a);
    }
  }

  @Test
  void augmentedModelsKeepBothStyles() {
    RewardRegistry registry = Rewards.registry(ModelDirs.MODELS, SessionConfig.cpu());
    List<ShapePreference> standard = pairs(new Renderer(RenderOptions.square(64)));
    for (int i = 0; i < AUGMENTED.size(); i++) {
      String name = AUGMENTED.get(i);
      double s = ShippedModelsTest.accuracy(registry, name, standard);
      double h = heldOut(registry, name);
      double before = heldOut(registry, SHIPPED.get(i));
      System.out.printf("%s: standard %.4f, held-out style %.4f (%s: %.4f; %d pairs each)%n", name, s, h,
          SHIPPED.get(i), before, ShippedModelsTest.PAIRS);
      assertTrue(s >= 0.95, name + ": standard-look pair accuracy " + s);
      assertTrue(h >= 0.90 && h >= before + 0.1, name + ": held-out style " + h + " (without augmentation " + before
          + ")");
    }
  }

  /** The example configs train on core's {@link RenderStyle#AUGMENTED}, apart from the held-out style. */
  @Test
  void augmentationConfigsStayApartFromTheHeldOutStyle() {
    for (String file : List.of("reward-clip-shapes-aug.yaml", "reward-pick-shapes-aug.yaml")) {
      Path path = Path.of("../examples").resolve(file);
      RewardRunConfig cfg = ConfigLoader.bind(ConfigLoader.read(path), RewardRunConfig.class, file, "");
      assertEquals(RenderStyle.AUGMENTED, cfg.data().style(), file);
      assertEquals(List.of(), cfg.data().style().overlaps(RenderStyle.HELD_OUT), file);
    }
  }

  @Test
  void augmentedPresetsStaySmall() throws IOException {
    long bytes = 0;
    for (String name : AUGMENTED) {
      try (Stream<Path> files = Files.list(ModelDirs.MODELS.resolve(name))) {
        for (Path f : files.toList()) bytes += Files.size(f);
      }
    }
    assertTrue(bytes < 5_000_000, "the augmented presets are " + bytes + " bytes");
  }
}
