package dev.align4j.image.shapes;

import java.nio.file.Path;

/**
 * Where built-in models are cached: $ALIGN4J_CACHE, else -Dalign4j.cache, else ~/.cache/align4j (the text
 * module's EmbeddedCache rule; that class lives in align4j-text, which this module does not depend on).
 */
final class ImageCache {
  private ImageCache() {}

  static Path root() {
    String env = System.getenv("ALIGN4J_CACHE");
    if (env != null && !env.isBlank()) return Path.of(env);
    String prop = System.getProperty("align4j.cache");
    if (prop != null && !prop.isBlank()) return Path.of(prop);
    return Path.of(System.getProperty("user.home"), ".cache", "align4j");
  }
}
