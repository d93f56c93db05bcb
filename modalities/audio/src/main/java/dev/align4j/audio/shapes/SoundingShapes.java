package dev.align4j.audio.shapes;

import dev.align4j.core.media.Audio;
import dev.align4j.video.shapes.ClipOptions;
import dev.align4j.video.shapes.ClipRenderer;
import dev.align4j.video.shapes.ClipSampler;
import dev.align4j.video.shapes.MovingScene;
import dev.align4j.video.shapes.ShapeClip;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The sounding-shapes world: the video module's moving-shapes clips ({@link ClipSampler}, {@link ClipRenderer})
 * with the sound of their events ({@link ClipEvents}, {@link SoundRenderer}). A clip of {@code frames} frames
 * at {@code fps} sounds for {@code frames / fps} seconds (the default: 8 frames of 16x16 at 8 fps, one second
 * at 16 kHz). Every random choice comes from the seed.
 */
public final class SoundingShapes {
  private final ClipOptions options;
  private final ClipSampler sampler;
  private final ClipRenderer renderer;
  private final SoundRenderer sound;

  public SoundingShapes(ClipOptions options, SoundRenderer sound) {
    this.options = options;
    this.sampler = new ClipSampler(options);
    this.renderer = new ClipRenderer(options);
    this.sound = sound;
  }

  /** The world's defaults: {@link ClipOptions#defaults()} at {@link SoundLaws#SAMPLE_RATE}. */
  public static SoundingShapes defaults() {
    return new SoundingShapes(ClipOptions.defaults(), new SoundRenderer());
  }

  public ClipOptions options() {
    return options;
  }

  /** The clip's length in seconds. */
  public double seconds() {
    return options.frames() / options.fps();
  }

  /** A random clip with its events and sound; the same seed gives the same clip and samples. */
  public SoundingClip sample(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    MovingScene truth = sampler.sample(rnd);
    ShapeClip clip = renderer.render(truth, rnd.nextLong());
    return sound(clip, rnd.nextLong());
  }

  /** {@code n} clips from one seed. */
  public List<SoundingClip> sample(int n, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    List<SoundingClip> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) out.add(sample(rnd.nextLong()));
    return out;
  }

  /** The events and ground-truth sound of a rendered clip, the notes drawn with {@code seed}. */
  public SoundingClip sound(ShapeClip clip, long seed) {
    List<SoundEvent> events = events(clip.truth());
    return new SoundingClip(clip, events, render(events, seed));
  }

  /** The events of a clip's truth. */
  public List<SoundEvent> events(MovingScene truth) {
    return ClipEvents.of(truth, options);
  }

  /** The waveform of {@code events} over one clip's length. */
  public Audio render(List<SoundEvent> events, long seed) {
    return sound.render(events, seconds(), seed);
  }
}
