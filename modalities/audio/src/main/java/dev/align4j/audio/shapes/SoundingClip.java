package dev.align4j.audio.shapes;

import com.google.common.collect.ImmutableList;
import dev.align4j.core.media.Audio;
import dev.align4j.video.shapes.ShapeClip;
import java.util.List;

/** A moving-shapes clip with its sounding events and their ground-truth waveform. */
public record SoundingClip(ShapeClip clip, List<SoundEvent> events, Audio audio) {
  public SoundingClip {
    events = ImmutableList.copyOf(events);
  }

  /** The clip's length in seconds: {@code frames / fps}. */
  public double seconds() {
    return clip.video().frames().size() / clip.video().fps();
  }
}
