package dev.align4j.lvlm.world;

import com.google.common.base.Preconditions;
import dev.align4j.core.media.Image;
import dev.align4j.core.shapes.Relation;
import dev.align4j.core.shapes.RenderOptions;
import dev.align4j.core.shapes.Renderer;
import dev.align4j.core.shapes.Scene;
import dev.align4j.core.shapes.SceneSampler;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The shape-collage world (multimodal.md section 4.3): questions about one of several pictures of the shapes world,
 * in MIA-DPO's three multi-image formats and as single images. A question refers to one picture (its scene from
 * the core shapes world, one or two shapes, drawn by core's renderer) and asks the colour, kind or size of a
 * shape, where one shape lies relative to the other, or how many shapes there are ({@link Question}).
 *
 * <ul>
 *   <li>{@link Format#SINGLE}: one {@code side x side} picture, prompt {@code "<image>\nWhat colour is the
 *       circle?"}.
 *   <li>{@link Format#SEQUENCE}: 2 to 5 pictures (uniform), prompt {@code "Image1:<image>\nImage2:<image>\nIn
 *       Image2, what colour is the circle?"} as MIA-DPO writes it.
 *   <li>{@link Format#GRID}: 2, 3, 4, 6 or 9 pictures (uniform) composed by {@link Collages#grid}, prompt
 *       {@code "<image>\nIn Image3, what colour is the circle?"}.
 *   <li>{@link Format#PIC_IN_PIC}: a {@code 2 side} picture with a {@code 0.625 side} picture inset into a corner
 *       (its shapes are laid out clear of that corner), prompt {@code "<image>\nIn the small picture, ..."} or
 *       {@code "In the large picture, ..."}.
 * </ul>
 *
 * <p>Every multi-picture question has at least one <em>confuser</em>: another picture about which the same question
 * has a different single answer, one that no other shape of the referred picture has where the attribute has such
 * a value (sizes have two, so a size question about a small and a large shape has none). So answering about the
 * wrong picture is always possible ({@link CollageChecker} grades it as sequence confusion before element
 * interference). The other pictures are random.
 * Which scenes may appear is decided by {@link Split}. Item {@code i} of a set depends only on the seed and
 * {@code i}: the same seed gives the same items, and a longer set starts with the shorter one.
 */
public final class CollageWorld {
  /** The default picture side: sequence images, grid cells and single images are 32x32. */
  public static final int SIDE = 32;
  /** Sequences hold this many pictures at most (MIA-DPO: 2 to 5). */
  public static final int MAX_SEQUENCE = 5;
  private static final int MAX_DRAWS = 100_000;

  private final int side;
  private final Renderer picture;
  private final Renderer large;
  private final Renderer inset;

  /** A world of {@code side x side} pictures (at least 26, so that the picture-in-picture inset is 16 or more). */
  public CollageWorld(int side) {
    Preconditions.checkArgument(side >= 26, "pictures of at least 26x26, not %s", side);
    this.side = side;
    this.picture = new Renderer(RenderOptions.square(side));
    this.large = new Renderer(RenderOptions.square(2 * side));
    this.inset = new Renderer(RenderOptions.square(insetSide(side)));
  }

  /** The world at {@link #SIDE}. */
  public static CollageWorld standard() {
    return new CollageWorld(SIDE);
  }

  /** The side of sequence images, grid cells and single images. */
  public int side() {
    return side;
  }

  /** The side of the inset of a picture-in-picture whose large picture is {@code 2 side}. */
  public static int insetSide(int side) {
    return (int) Math.round(0.625 * side);
  }

  /** {@code n} questions in {@code format} from {@code split}'s scenes. */
  public List<CollageItem> items(Format format, Split split, int n, long seed) {
    SplittableRandom root = new SplittableRandom(seed);
    List<CollageItem> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) out.add(item(format, split, id(split, format, i), root.split()));
    return out;
  }

  /** {@code n} questions from {@code split}'s scenes, the formats in turn (single, sequence, grid, pic-in-pic). */
  public List<CollageItem> mixed(Split split, int n, long seed) {
    SplittableRandom root = new SplittableRandom(seed);
    List<CollageItem> out = new ArrayList<>(n);
    Format[] formats = Format.values();
    for (int i = 0; i < n; i++) {
      Format f = formats[i % formats.length];
      out.add(item(f, split, id(split, f, i), root.split()));
    }
    return out;
  }

  /** The images the model sees for {@code panels} in {@code format}, in placeholder order. */
  public List<Image> render(Format format, List<Panel> panels) {
    return switch (format) {
      case SINGLE, SEQUENCE -> panels.stream().map(this::draw).toList();
      case GRID -> List.of(Collages.grid(panels.stream().map(this::draw).toList()));
      case PIC_IN_PIC -> {
        Panel big = panels.get(0);
        int corner = corner(big);
        Image small = inset.render(panels.get(1).scene(), panels.get(1).seed()).pixels();
        yield List.of(Collages.pictureInPicture(largePicture(big, corner), small, corner));
      }
    };
  }

  /** The prompt of a question about picture {@code referred} of {@code count} in {@code format}. */
  public static String prompt(Format format, int count, int referred, Question question) {
    String q = question.text();
    return switch (format) {
      case SINGLE -> "<image>\n" + Character.toUpperCase(q.charAt(0)) + q.substring(1);
      case SEQUENCE -> {
        StringBuilder b = new StringBuilder();
        for (int i = 1; i <= count; i++) b.append("Image").append(i).append(":<image>\n");
        yield b.append("In Image").append(referred + 1).append(", ").append(q).toString();
      }
      case GRID -> "<image>\nIn Image" + (referred + 1) + ", " + q;
      case PIC_IN_PIC -> "<image>\nIn the " + (referred == 0 ? "large" : "small") + " picture, " + q;
    };
  }

  private CollageItem item(Format format, Split split, String id, SplittableRandom rnd) {
    Scene target = scene(rnd, split, true);
    Question question = pick(target, rnd);
    String truth = question.answer(target).orElseThrow();
    int count = switch (format) {
      case SINGLE -> 1;
      case SEQUENCE -> 2 + rnd.nextInt(MAX_SEQUENCE - 1);
      case GRID -> Collages.GRID_CELLS.get(rnd.nextInt(Collages.GRID_CELLS.size()));
      case PIC_IN_PIC -> 2;
    };
    int referred = rnd.nextInt(count);
    Scene[] scenes = new Scene[count];
    scenes[referred] = target;
    if (count > 1) {
      int confuser = (referred + 1 + rnd.nextInt(count - 1)) % count;
      scenes[confuser] = confuser(question, target, truth, split, rnd);
      for (int i = 0; i < count; i++) {
        if (scenes[i] == null) scenes[i] = scene(rnd, split, false);
      }
    }
    List<Panel> panels = new ArrayList<>(count);
    for (Scene s : scenes) panels.add(new Panel(s, rnd.nextLong()));
    return new CollageItem(id, format, panels, referred, question, prompt(format, count, referred, question),
        render(format, panels));
  }

  /**
   * A random scene of {@code split}: for training, always a training scene; held out, a held-out scene for the
   * referred picture and any scene for the others.
   */
  private static Scene scene(SplittableRandom rnd, Split split, boolean referred) {
    for (int draw = 0; draw < MAX_DRAWS; draw++) {
      Scene s = SceneSampler.sample(rnd);
      if (split == Split.HELD_OUT && !referred) return s;
      if (Split.of(s) == split) return s;
    }
    throw new IllegalStateException("no " + split.key() + " scene in " + MAX_DRAWS + " draws");
  }

  /** A question about {@code scene}: an attribute uniformly among those it can be asked, then a question. */
  private static Question pick(Scene scene, SplittableRandom rnd) {
    List<Question> all = Question.about(scene);
    List<Attribute> attributes = all.stream().map(Question::attribute).distinct().toList();
    Attribute a = attributes.get(rnd.nextInt(attributes.size()));
    List<Question> of = all.stream().filter(q -> q.attribute() == a).toList();
    return of.get(rnd.nextInt(of.size()));
  }

  private static Scene confuser(Question question, Scene target, String truth, Split split, SplittableRandom rnd) {
    Set<String> avoid = confusable(question, target, truth);
    for (int draw = 0; draw < MAX_DRAWS; draw++) {
      Scene s = scene(rnd, split, false);
      String a = question.answer(s).orElse(null);
      if (a != null && !a.equals(truth) && !avoid.contains(a)) return s;
    }
    throw new IllegalStateException("no confuser for '" + question.text() + "' in " + MAX_DRAWS + " draws");
  }

  /**
   * The values a confuser's answer should avoid besides the truth: those of the referred picture's other shapes, so
   * that a confused answer cannot also be read as element interference; none when that leaves no value at all (a
   * size question about a picture of a small and a large shape).
   */
  static Set<String> confusable(Question question, Scene target, String truth) {
    Set<String> others = question.otherElements(target);
    Set<String> left = AnswerWords.all(question.attribute());
    left.remove(truth);
    left.removeAll(others);
    return left.isEmpty() ? Set.of() : others;
  }

  private Image draw(Panel p) {
    return picture.render(p.scene(), p.seed()).pixels();
  }

  /** The corner (0..3, see {@link Collages#pictureInPicture}) the inset goes into, from the large picture's seed. */
  static int corner(Panel big) {
    return new SplittableRandom(big.seed()).split().nextInt(4);
  }

  /**
   * The large picture of a picture-in-picture, its shapes laid out clear of {@code corner}: centred 5/64 of the side
   * away from it, two shapes 26/64 apart along their relation's axis, each jittered by up to 1.5/64. With the
   * largest shape (radius 0.17 of the side) nothing comes within 23/64 of the inset's corner, where the frame ends.
   */
  Image largePicture(Panel big, int corner) {
    double l = 2.0 * side;
    SplittableRandom rnd = new SplittableRandom(big.seed()).split();
    rnd.nextInt(4); // the corner
    double bx = l / 2 + (corner % 2 == 0 ? 1 : -1) * l * 5 / 64;
    double by = l / 2 + (corner < 2 ? 1 : -1) * l * 5 / 64;
    double offset = l * 13 / 64;
    double jitter = l * 1.5 / 64;
    Scene scene = big.scene();
    List<double[]> centres = new ArrayList<>();
    if (scene.shapes().size() == 1) {
      centres.add(new double[] {bx + jitter(rnd, jitter), by + jitter(rnd, jitter)});
    } else {
      double[] d = direction(scene.relation().orElseThrow());
      for (int i = 0; i < 2; i++) {
        double sign = i == 0 ? 1 : -1;
        centres.add(new double[] {bx + sign * d[0] * offset + jitter(rnd, jitter),
            by + sign * d[1] * offset + jitter(rnd, jitter)});
      }
    }
    return large.renderAt(scene.shapes(), centres, big.seed(), rnd.nextLong());
  }

  /** The unit displacement of the first shape from the layout's centre for a relation (y down). */
  private static double[] direction(Relation r) {
    return switch (r) {
      case LEFT_OF -> new double[] {-1, 0};
      case RIGHT_OF -> new double[] {1, 0};
      case ABOVE -> new double[] {0, -1};
      case BELOW -> new double[] {0, 1};
    };
  }

  private static double jitter(SplittableRandom rnd, double amplitude) {
    return (rnd.nextDouble() * 2 - 1) * amplitude;
  }

  private static String id(Split split, Format format, int i) {
    return String.format(Locale.ROOT, "%s-%s-%06d", split.key(), format.key(), i);
  }
}
