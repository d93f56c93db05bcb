package dev.align4j.video.shapes;

import dev.align4j.core.media.Image;
import dev.align4j.core.media.Video;
import dev.align4j.core.shapes.ShapeColor;
import dev.align4j.core.shapes.ShapeSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The {@code perturbed} pair builder's losers (multimodal.md section 4.1, after Discriminator-free DPO and
 * TEMPLE): edits of a clip that break one level of the hierarchy and keep the rest. Frame-order edits work on
 * any video; the colour swap redraws frames, so it needs the rendered clip.
 */
public final class Perturbations {
  private Perturbations() {}

  /**
   * An edit, the level it is meant to break and the captions it breaks that level for ({@link #breaks}): the
   * frame-order edits only move a shape along its own path, so they change nothing in a clip whose shapes stay
   * still, and reversing a clip changes what it does only when the motion has a direction in time.
   */
  public enum Kind {
    /** Frames in a random order with no two originally adjacent frames adjacent: the path is broken. */
    SHUFFLED("shuffled", Level.MOTION),
    /** Frames backwards: "moves left" now moves right. */
    REVERSED("reversed", Level.SEMANTIC),
    /** Every frame is the first: nothing moves (the motion-bias loser). */
    FROZEN("frozen", Level.MOTION),
    /** One inner frame replaced by the frame farthest from it in time: the shapes jump there and back. */
    TELEPORTED("teleported", Level.MOTION),
    /** From the middle frame on, the subject has another colour. */
    COLOUR_SWAPPED("colour_swap", Level.STATE);

    private final String key;
    private final Level level;

    Kind(String key, Level level) {
      this.key = key;
      this.level = level;
    }

    /** The name configs use ({@code colour_swap}, {@code frozen}, ...). */
    public String key() {
      return key;
    }

    /** The level this edit breaks. */
    public Level level() {
      return level;
    }

    /**
     * Whether this edit breaks its level in a clip of {@code motion}. A still clip ("stays still") shows its
     * shapes at one place in every frame, so shuffling, reversing, freezing or teleporting its frames leaves a
     * clip that still stays still: only the colour swap breaks it. A reversed bounce still falls and rebounds
     * (higher than it started), so reversal breaks only the motions with a direction ("moves left", "falls")
     * and the relative ones (toward becomes away from).
     */
    public boolean breaks(Motion motion) {
      return switch (this) {
        case REVERSED -> motion.directed() || motion.relative();
        case SHUFFLED, FROZEN, TELEPORTED -> motion != Motion.STAYS_STILL;
        case COLOUR_SWAPPED -> true;
      };
    }

    /** The kind a config names, or null. */
    public static Kind named(String key) {
      for (Kind k : values()) if (k.key.equals(key)) return k;
      return null;
    }

    /** Every config name, in declaration order. */
    public static List<String> keys() {
      return Arrays.stream(values()).map(Kind::key).toList();
    }
  }

  /** {@code clip} edited by {@code kind}; random choices come from {@code rnd}. */
  public static Video apply(Kind kind, ShapeClip clip, ClipRenderer renderer, SplittableRandom rnd) {
    return switch (kind) {
      case SHUFFLED -> shuffled(clip.video(), rnd);
      case REVERSED -> reversed(clip.video());
      case FROZEN -> frozen(clip.video());
      case TELEPORTED -> teleported(clip.video(), rnd);
      case COLOUR_SWAPPED -> colourSwapped(clip, renderer, rnd);
    };
  }

  /** The frames backwards. */
  public static Video reversed(Video video) {
    List<Image> frames = new ArrayList<>(video.frames());
    Collections.reverse(frames);
    return new Video(frames, video.fps());
  }

  /** The first frame, repeated for the clip's length. */
  public static Video frozen(Video video) {
    return new Video(Collections.nCopies(video.frames().size(), video.frames().get(0)), video.fps());
  }

  /**
   * A random order in which no two frames adjacent in the clip stay adjacent (either way round), so no piece
   * of the path survives; drawn by rejection (about 1 in 7 orders qualifies for 8 frames).
   *
   * @throws IllegalArgumentException for clips of fewer than 4 frames, which have no such order
   */
  public static Video shuffled(Video video, SplittableRandom rnd) {
    int n = video.frames().size();
    if (n < 4) throw new IllegalArgumentException("a shuffle that breaks every step needs 4 frames, not " + n);
    int[] order = new int[n];
    do {
      for (int i = 0; i < n; i++) order[i] = i;
      for (int i = n - 1; i > 0; i--) {
        int j = rnd.nextInt(i + 1);
        int tmp = order[i];
        order[i] = order[j];
        order[j] = tmp;
      }
    } while (!breaksEveryStep(order));
    List<Image> frames = new ArrayList<>(n);
    for (int i : order) frames.add(video.frames().get(i));
    return new Video(frames, video.fps());
  }

  private static boolean breaksEveryStep(int[] order) {
    for (int i = 0; i + 1 < order.length; i++) if (Math.abs(order[i + 1] - order[i]) == 1) return false;
    return true;
  }

  /** One random inner frame replaced by whichever end of the clip is farther from it in time. */
  public static Video teleported(Video video, SplittableRandom rnd) {
    int n = video.frames().size();
    int k = 1 + rnd.nextInt(n - 2);
    List<Image> frames = new ArrayList<>(video.frames());
    frames.set(k, video.frames().get(k < n / 2.0 ? n - 1 : 0));
    return new Video(frames, video.fps());
  }

  /**
   * The clip with its subject drawn in another colour (random, and unlike every shape's) from the middle frame
   * on; the same seed redraws those frames, so background, noise and paths are unchanged.
   */
  public static Video colourSwapped(ShapeClip clip, ClipRenderer renderer, SplittableRandom rnd) {
    MotionScene scene = clip.truth().scene();
    List<ShapeSpec> shapes = new ArrayList<>(scene.shapes());
    ShapeColor colour;
    do {
      colour = ShapeColor.values()[rnd.nextInt(ShapeColor.values().length)];
    } while (used(shapes, colour));
    ShapeSpec subject = scene.subject();
    shapes.set(0, new ShapeSpec(subject.kind(), colour, subject.size()));
    List<Image> frames = new ArrayList<>(clip.video().frames());
    int n = frames.size();
    for (int k = n / 2; k < n; k++) frames.set(k, renderer.frame(shapes, clip.truth().paths(), k, clip.seed()));
    return new Video(frames, clip.video().fps());
  }

  private static boolean used(List<ShapeSpec> shapes, ShapeColor colour) {
    for (ShapeSpec s : shapes) if (s.color() == colour) return true;
    return false;
  }
}
