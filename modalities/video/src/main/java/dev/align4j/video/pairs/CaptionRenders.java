package dev.align4j.video.pairs;

import dev.align4j.video.shapes.ClipOptions;
import dev.align4j.video.shapes.ClipRenderer;
import dev.align4j.video.shapes.ClipSampler;
import dev.align4j.video.shapes.MotionCaption;
import dev.align4j.video.shapes.ShapeClip;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * The ground-truth clips of captions that pairs are built from: paths drawn for the caption's scene and a clip
 * rendered along them, both from one seed, so a (caption, seed) fixes the clip. With the world's noise-free
 * options ({@code ShapesVideoWorld.trainingClips()}) these are the clips the base model was pre-trained on.
 */
public final class CaptionRenders {
  private final ClipSampler sampler;
  private final ClipRenderer renderer;

  public CaptionRenders(ClipOptions options) {
    this.sampler = new ClipSampler(options);
    this.renderer = new ClipRenderer(options);
  }

  /** The renderer the clips are drawn with (a colour swap redraws frames with it). */
  public ClipRenderer renderer() {
    return renderer;
  }

  /** A clip of {@code caption}, or empty when the caption's shapes have no room in the frame. */
  public Optional<ShapeClip> render(String caption, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    return sampler.fit(MotionCaption.parse(caption), rnd).map(truth -> renderer.render(truth, rnd.nextLong()));
  }
}
