package dev.align4j.audio.shapes;

import com.google.common.base.Preconditions;
import dev.align4j.core.shapes.ShapeSpec;

/**
 * One sounding event of a clip: what happened, to which shape (its index in the scene's shapes and what it
 * is), at which video frame, and when the note starts in seconds ({@code frame / fps}).
 */
public record SoundEvent(EventType type, int shape, ShapeSpec spec, int frame, double seconds) {
  public SoundEvent {
    Preconditions.checkNotNull(type, "type");
    Preconditions.checkNotNull(spec, "spec");
    Preconditions.checkArgument(shape >= 0 && frame >= 0 && seconds >= 0, "negative index or time in %s %s %s",
        shape, frame, seconds);
  }

  /** The note's fundamental in Hz ({@link SoundLaws#pitch}). */
  public double pitch() {
    return SoundLaws.pitch(spec.color());
  }

  /** The note's timbre ({@link SoundLaws#timbre}). */
  public Timbre timbre() {
    return SoundLaws.timbre(spec.kind());
  }

  /** This event with another shape (recoloured, another kind): the same time, another note. */
  public SoundEvent withSpec(ShapeSpec other) {
    return new SoundEvent(type, shape, other, frame, seconds);
  }
}
