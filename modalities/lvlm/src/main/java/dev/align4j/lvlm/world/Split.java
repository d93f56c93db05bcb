package dev.align4j.lvlm.world;

import com.google.common.hash.Hashing;
import dev.align4j.core.shapes.Caption;
import dev.align4j.core.shapes.Scene;
import java.nio.charset.StandardCharsets;

/**
 * Training or held-out, decided by the scene alone: a fixed hash of its caption puts about one scene in five into
 * {@link #HELD_OUT}. Training questions show only training scenes; held-out questions ask about a held-out scene.
 * So no question about a scene is ever asked in both, and training never shows a held-out scene at all.
 */
public enum Split {
  TRAIN,
  HELD_OUT;

  /** One in this many scenes is held out. */
  public static final int HELD_OUT_ONE_IN = 5;

  /** The split of {@code scene} (murmur3 of its caption, so the same on every JVM). */
  public static Split of(Scene scene) {
    int h = Hashing.murmur3_32_fixed().hashString(Caption.of(scene), StandardCharsets.UTF_8).asInt();
    return Math.floorMod(h, HELD_OUT_ONE_IN) == 0 ? HELD_OUT : TRAIN;
  }

  /** The lower-case name used in files ({@code train}, {@code held_out}). */
  public String key() {
    return this == TRAIN ? "train" : "held_out";
  }
}
