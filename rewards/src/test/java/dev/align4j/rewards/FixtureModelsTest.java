package dev.align4j.rewards;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.rewards.fixtures.TinyRewardModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The committed tiny models under {@code models/} (repository root) are exactly what
 * {@link TinyRewardModels} generates. To regenerate them after changing the generator:
 *
 * <pre>mvn -B -pl rewards -am test -Dtest=FixtureModelsTest -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dalign4j.regenerateFixtures=true</pre>
 */
class FixtureModelsTest {
  static final Path MODELS = Path.of("../models");

  @Test
  void committedModelsMatchGenerator() throws Exception {
    Map<String, byte[]> files = TinyRewardModels.files();
    if (Boolean.getBoolean("align4j.regenerateFixtures")) TinyRewardModels.write(MODELS);
    for (Map.Entry<String, byte[]> e : files.entrySet()) {
      Path p = MODELS.resolve(e.getKey());
      assertTrue(Files.isRegularFile(p), "missing " + p + "; regenerate (see this class's Javadoc)");
      assertArrayEquals(e.getValue(), Files.readAllBytes(p), p + " is stale; regenerate (see this class's Javadoc)");
    }
  }

  @Test
  void fixturesStaySmall() {
    long total = TinyRewardModels.files().values().stream().mapToLong(b -> b.length).sum();
    assertTrue(total < 2_000_000, "fixtures are " + total + " bytes");
  }
}
