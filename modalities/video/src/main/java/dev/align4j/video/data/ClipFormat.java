package dev.align4j.video.data;

import com.google.common.base.Preconditions;

/**
 * The clips a model takes: {@code frames} frames of {@code size x size} pixels, played at {@code fps}. Clips
 * read from data are brought to it ({@link ClipLoader}).
 */
public record ClipFormat(int frames, int size, double fps) {
  public ClipFormat {
    Preconditions.checkArgument(frames > 0, "frames must be > 0, got %s", frames);
    Preconditions.checkArgument(size > 0, "size must be > 0, got %s", size);
    Preconditions.checkArgument(fps > 0 && Double.isFinite(fps), "fps must be > 0, got %s", fps);
  }
}
