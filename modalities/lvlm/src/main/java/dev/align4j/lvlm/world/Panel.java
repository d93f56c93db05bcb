package dev.align4j.lvlm.world;

import com.google.common.base.Preconditions;
import dev.align4j.core.shapes.Scene;

/** One picture of a question: the scene it shows and the seed it is drawn with. */
public record Panel(Scene scene, long seed) {
  public Panel {
    Preconditions.checkNotNull(scene, "scene");
  }
}
