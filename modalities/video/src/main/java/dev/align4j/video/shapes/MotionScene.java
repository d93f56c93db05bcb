package dev.align4j.video.shapes;

import com.google.common.base.Preconditions;
import com.google.common.collect.ImmutableList;
import dev.align4j.core.shapes.ShapeSpec;
import java.util.List;
import java.util.Optional;

/**
 * What a clip shows: a subject shape and its motion, plus the target shape a relative motion refers to
 * ("a small red circle moves toward a large blue square"; the target stays still).
 */
public record MotionScene(ShapeSpec subject, Motion motion, Optional<ShapeSpec> target) {
  public MotionScene {
    Preconditions.checkNotNull(subject, "subject");
    Preconditions.checkNotNull(motion, "motion");
    Preconditions.checkArgument(target.isPresent() == motion.relative(),
        "a target shape exactly when the motion is relative (%s)", motion);
  }

  /** One shape and what it does. */
  public static MotionScene of(ShapeSpec subject, Motion motion) {
    return new MotionScene(subject, motion, Optional.empty());
  }

  /** A subject moving toward or away from a still target. */
  public static MotionScene of(ShapeSpec subject, Motion motion, ShapeSpec target) {
    return new MotionScene(subject, motion, Optional.of(target));
  }

  /** The shapes in the clip: the subject, then the target if any. */
  public List<ShapeSpec> shapes() {
    return target.map(t -> ImmutableList.of(subject, t)).orElse(ImmutableList.of(subject));
  }

  /** This scene with its shapes replaced (same motion), e.g. with one shape recoloured. */
  public MotionScene withShapes(List<ShapeSpec> shapes) {
    Preconditions.checkArgument(shapes.size() == shapes().size(), "%s shapes, expected %s", shapes.size(),
        shapes().size());
    return new MotionScene(shapes.get(0), motion, shapes.size() == 2 ? Optional.of(shapes.get(1)) : Optional.empty());
  }

  @Override
  public String toString() {
    return MotionCaption.of(this);
  }
}
