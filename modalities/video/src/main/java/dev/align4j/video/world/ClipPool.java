package dev.align4j.video.world;

import dev.align4j.video.shapes.ClipOptions;
import dev.align4j.video.shapes.ClipRenderer;
import dev.align4j.video.shapes.ClipSampler;
import dev.align4j.video.shapes.MotionCaption;
import dev.align4j.video.shapes.ShapeClip;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** A pool of captioned clips rendered once from a seed: random scenes and paths, each clip drawn with its own seed. */
public final class ClipPool {
  private final List<ShapeClip> clips;
  private final List<String> captions;

  private ClipPool(List<ShapeClip> clips) {
    this.clips = List.copyOf(clips);
    this.captions = clips.stream().map(c -> MotionCaption.of(c.truth().scene())).toList();
  }

  /** {@code n} clips drawn with {@code options}; the same seed gives the same clips. */
  public static ClipPool render(ClipOptions options, int n, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    ClipSampler sampler = new ClipSampler(options);
    ClipRenderer renderer = new ClipRenderer(options);
    List<ShapeClip> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) out.add(renderer.render(sampler.sample(rnd), rnd.nextLong()));
    return new ClipPool(out);
  }

  public int size() {
    return clips.size();
  }

  public ShapeClip clip(int i) {
    return clips.get(i);
  }

  /** The caption of clip {@code i}. */
  public String caption(int i) {
    return captions.get(i);
  }
}
