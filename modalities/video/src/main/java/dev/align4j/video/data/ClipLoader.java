package dev.align4j.video.data;

import dev.align4j.core.media.Image;
import dev.align4j.core.media.MediaCodec;
import dev.align4j.core.media.Video;
import dev.align4j.core.util.UserError;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes video files (MP4, WebM, GIF, ... through core's {@link MediaCodec}) and brings them to a
 * {@link ClipFormat}: in time, frame k is the decoded frame nearest to {@code k / fps} seconds from the start
 * ({@link #frameIndices}); in space, each frame's centred square is area-averaged to the clip size
 * ({@link ClipResize#fit}). Files are decoded once per path, so a clip named by several pairs is one object.
 */
final class ClipLoader {
  private final ClipFormat format;
  private final Map<Path, Video> byPath = new HashMap<>();

  ClipLoader(ClipFormat format) {
    this.format = format;
  }

  /**
   * The clip in {@code file}, in the format.
   *
   * @throws BadClip naming the file: not a decodable video, or too short for the format's frames
   */
  Video clip(Path file) throws BadClip {
    Video cached = byPath.get(file);
    if (cached != null) return cached;
    Video decoded;
    try {
      decoded = MediaCodec.readVideo(file);
    } catch (UserError e) {
      throw new BadClip(e.getMessage());
    }
    int[] take = frameIndices(decoded.frames().size(), decoded.fps(), format);
    if (take == null) {
      throw new BadClip(file + ": " + decoded.frames().size() + " frames at " + number(decoded.fps()) + " fps ("
          + number(decoded.seconds()) + " s), too short for " + format.frames() + " frames at "
          + number(format.fps()) + " fps");
    }
    List<Image> frames = new ArrayList<>(take.length);
    for (int i : take) frames.add(ClipResize.fit(decoded.frames().get(i), format.size()));
    Video clip = new Video(frames, format.fps());
    byPath.put(file, clip);
    return clip;
  }

  /**
   * Which of {@code available} frames decoded at {@code sourceFps} the format shows: frame k is the one nearest
   * to time {@code k / fps}, {@code round(k * sourceFps / fps)}; null when the last of them is past the end.
   */
  static int[] frameIndices(int available, double sourceFps, ClipFormat format) {
    int[] out = new int[format.frames()];
    for (int k = 0; k < out.length; k++) {
      long i = Math.round(k * sourceFps / format.fps());
      if (i >= available) return null;
      out[k] = (int) i;
    }
    return out;
  }

  /** 8, 29.97, 0.75: at most three decimals, no trailing zeros. */
  private static String number(double v) {
    return BigDecimal.valueOf(v).setScale(3, RoundingMode.HALF_EVEN).stripTrailingZeros().toPlainString();
  }

  /** An unusable clip file; the message names the file and says why, in one line. */
  static final class BadClip extends Exception {
    BadClip(String message) {
      super(message, null, false, false);
    }
  }
}
