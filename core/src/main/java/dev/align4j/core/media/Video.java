package dev.align4j.core.media;

import com.google.common.base.Preconditions;
import java.util.List;

/** A video: its frames, all of one size, and the frame rate they play at. */
public record Video(List<Image> frames, double fps) implements Media {
  public Video {
    Preconditions.checkArgument(frames != null && !frames.isEmpty(), "a video needs at least one frame");
    Preconditions.checkArgument(fps > 0 && Double.isFinite(fps), "fps must be positive, got %s", fps);
    frames = List.copyOf(frames);
    Image first = frames.get(0);
    for (Image f : frames) {
      Preconditions.checkArgument(f.width() == first.width() && f.height() == first.height(),
          "frames differ in size: %sx%s and %sx%s", first.width(), first.height(), f.width(), f.height());
    }
  }

  /** Frame width in pixels. */
  public int width() {
    return frames.get(0).width();
  }

  /** Frame height in pixels. */
  public int height() {
    return frames.get(0).height();
  }

  /** Length in seconds. */
  public double seconds() {
    return frames.size() / fps;
  }

  @Override
  public Kind kind() {
    return Kind.VIDEO;
  }
}
