package dev.align4j.video.shapes;

import com.google.common.base.Preconditions;
import dev.align4j.core.shapes.RenderOptions;

/**
 * How clips are drawn: frame count, playback rate and the image world's per-frame options (size, anti-aliasing,
 * pixel noise; its layout jitter is unused, positions come from trajectories).
 */
public record ClipOptions(int frames, double fps, RenderOptions render) {
  public ClipOptions {
    Preconditions.checkArgument(frames >= 4, "clips of at least 4 frames (motion laws are fitted), not %s", frames);
    Preconditions.checkArgument(fps > 0 && Double.isFinite(fps), "fps must be positive, got %s", fps);
    Preconditions.checkNotNull(render, "render");
  }

  /** The world's default: 8 frames of 16x16 at 8 fps (one second), anti-aliased, noise 12. */
  public static ClipOptions defaults() {
    return of(8, 16);
  }

  /** {@code frames} square frames of side {@code side} at 8 fps, anti-aliased, noise 12. */
  public static ClipOptions of(int frames, int side) {
    return new ClipOptions(frames, 8, RenderOptions.square(side));
  }

  /** Frame width over the shorter side: the x extent of the world in trajectory units. */
  public double spanX() {
    return render.width() / (double) side();
  }

  /** Frame height over the shorter side: the y extent of the world in trajectory units. */
  public double spanY() {
    return render.height() / (double) side();
  }

  /** The shorter side in pixels: the unit of trajectories. */
  public int side() {
    return Math.min(render.width(), render.height());
  }

  /** Clip time of frame {@code k}: 0 for the first frame, 1 for the last. */
  public double time(int k) {
    return k / (double) (frames - 1);
  }
}
