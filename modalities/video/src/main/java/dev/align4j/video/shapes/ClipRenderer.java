package dev.align4j.video.shapes;

import dev.align4j.core.media.Image;
import dev.align4j.core.media.Video;
import dev.align4j.core.shapes.Renderer;
import dev.align4j.core.shapes.ShapeSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Draws moving scenes as clips with the image world's {@link Renderer}, one frame per time step at the paths'
 * positions. The clip's seed fixes the background for every frame; each frame's pixel noise has its own seed
 * derived from it, so frames differ only where the shapes moved (and in noise).
 */
public final class ClipRenderer {
  private final ClipOptions options;
  private final Renderer renderer;

  public ClipRenderer(ClipOptions options) {
    this.options = options;
    this.renderer = new Renderer(options.render());
  }

  public ClipOptions options() {
    return options;
  }

  /** The clip of {@code truth}; every random choice comes from {@code seed}. */
  public ShapeClip render(MovingScene truth, long seed) {
    List<Image> frames = new ArrayList<>(options.frames());
    for (int k = 0; k < options.frames(); k++) frames.add(frame(truth.scene().shapes(), truth.paths(), k, seed));
    return new ShapeClip(truth, new Video(frames, options.fps()), seed);
  }

  /**
   * Frame {@code k} of a clip drawn with {@code seed}, showing {@code shapes} on {@code paths}: the same
   * pixels as {@link #render} gives for those shapes, which lets a perturbation redraw some frames of a clip
   * with one attribute changed and leave everything else as it was.
   */
  public Image frame(List<ShapeSpec> shapes, List<Trajectory> paths, int k, long seed) {
    double side = options.side();
    double s = options.time(k);
    List<double[]> centres = new ArrayList<>(paths.size());
    for (Trajectory path : paths) {
      double[] p = path.at(s);
      centres.add(new double[] {p[0] * side, p[1] * side});
    }
    return renderer.renderAt(shapes, centres, seed, noiseSeed(seed, k));
  }

  /** Frame k's noise seed: the k-th draw of a generator split off the clip's (the background's) seed. */
  private static long noiseSeed(long seed, int k) {
    SplittableRandom rnd = new SplittableRandom(seed).split();
    long out = rnd.nextLong();
    for (int i = 0; i < k; i++) out = rnd.nextLong();
    return out;
  }
}
