package dev.align4j.video.shapes;

import dev.align4j.core.shapes.Caption;
import dev.align4j.core.shapes.Scene;
import dev.align4j.core.shapes.ShapeSpec;
import dev.align4j.core.util.UserError;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Captions of moving-shapes clips: the image world's noun phrase ({@link Caption}: "a small red circle")
 * followed by a motion: "moves left|right|up|down", "stays still", "falls", "bounces", or "moves toward" /
 * "moves away from" another noun phrase. Noun phrases are parsed by the image world's parser, so both
 * worlds share one vocabulary and its error messages.
 */
public final class MotionCaption {
  private static final List<String> VERBS = List.of("moves", "stays", "falls", "bounces");

  private MotionCaption() {}

  /** The caption of a clip's scene. */
  public static String of(MotionScene scene) {
    String subject = Caption.of(Scene.of(scene.subject())) + " " + scene.motion().words();
    return scene.target().map(t -> subject + " " + Caption.of(Scene.of(t))).orElse(subject);
  }

  /** Parses a caption of this grammar; anything else is a {@link UserError} naming the caption. */
  public static MotionScene parse(String caption) {
    List<String> words = Arrays.asList(caption.trim().toLowerCase(Locale.ROOT).split("\\s+"));
    int verb = 0;
    while (verb < words.size() && !VERBS.contains(words.get(verb))) verb++;
    if (verb == words.size()) {
      throw error(caption, "no motion (moves, stays still, falls, bounces)");
    }
    ShapeSpec subject = shape(caption, words.subList(0, verb));
    List<String> rest = words.subList(verb, words.size());
    // Longest phrase first: "moves away from" before "moves".
    Motion[] byLength = Motion.values().clone();
    Arrays.sort(byLength, (a, b) -> Integer.compare(b.words().length(), a.words().length()));
    for (Motion motion : byLength) {
      List<String> mw = Arrays.asList(motion.words().split(" "));
      if (rest.size() < mw.size() || !rest.subList(0, mw.size()).equals(mw)) continue;
      List<String> after = rest.subList(mw.size(), rest.size());
      if (!motion.relative()) {
        if (!after.isEmpty()) throw error(caption, "nothing after '" + motion.words() + "'");
        return MotionScene.of(subject, motion);
      }
      if (after.isEmpty()) throw error(caption, "a shape after '" + motion.words() + "'");
      return MotionScene.of(subject, motion, shape(caption, after));
    }
    throw error(caption, "a motion (moves left|right|up|down, moves toward, moves away from, stays still, falls, "
        + "bounces) after the shape");
  }

  private static ShapeSpec shape(String caption, List<String> words) {
    if (words.isEmpty()) throw error(caption, "a shape ('a small red circle') before the motion");
    Scene scene;
    try {
      scene = Caption.parse(String.join(" ", words));
    } catch (UserError e) {
      throw new UserError("caption '" + caption + "': " + e.getMessage());
    }
    if (scene.shapes().size() != 1) throw error(caption, "one shape, not '" + String.join(" ", words) + "'");
    return scene.shapes().get(0);
  }

  private static UserError error(String caption, String expected) {
    return new UserError("caption '" + caption + "': expected " + expected);
  }
}
