package dev.align4j.core.util;

import java.nio.file.Path;

/** Where built-in models are built once and cached: $ALIGN4J_CACHE, else -Dalign4j.cache, else ~/.cache/align4j. */
public final class EmbeddedCache {
  private EmbeddedCache() {}

  public static Path root() {
    String env = System.getenv("ALIGN4J_CACHE");
    if (env != null && !env.isBlank()) return Path.of(env);
    String prop = System.getProperty("align4j.cache");
    if (prop != null && !prop.isBlank()) return Path.of(prop);
    return Path.of(System.getProperty("user.home"), ".cache", "align4j");
  }
}
