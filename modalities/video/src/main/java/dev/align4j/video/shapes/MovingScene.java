package dev.align4j.video.shapes;

import com.google.common.base.Preconditions;
import com.google.common.collect.ImmutableList;
import java.util.List;

/** A clip's ground truth: its scene and each shape's path, in the order of {@link MotionScene#shapes()}. */
public record MovingScene(MotionScene scene, List<Trajectory> paths) {
  public MovingScene {
    Preconditions.checkNotNull(scene, "scene");
    paths = ImmutableList.copyOf(paths);
    Preconditions.checkArgument(paths.size() == scene.shapes().size(), "%s paths for %s shapes", paths.size(),
        scene.shapes().size());
  }

  /** The caption of the scene. */
  public String caption() {
    return MotionCaption.of(scene);
  }
}
