package dev.align4j.core.shapes;

import dev.align4j.core.util.UserError;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Captions of scenes, "a small red circle" or "a small red circle above a large blue square", and the
 * parser back from caption to scene (what the checker measures images against).
 */
public final class Caption {
  private Caption() {}

  /** The caption of a scene. */
  public static String of(Scene scene) {
    String first = phrase(scene.shapes().get(0));
    return scene.relation().map(r -> first + " " + r.words() + " " + phrase(scene.shapes().get(1))).orElse(first);
  }

  private static String phrase(ShapeSpec s) {
    return "a " + s.size().word() + " " + s.color().word() + " " + s.kind().word();
  }

  /** Parses a caption in this world's grammar; a caption outside it is a {@link UserError} naming the word. */
  public static Scene parse(String caption) {
    List<String> words = Arrays.asList(caption.trim().toLowerCase(Locale.ROOT).split("\\s+"));
    Cursor c = new Cursor(caption, words);
    ShapeSpec first = c.shape();
    if (c.done()) return Scene.of(first);
    Relation relation = c.relation();
    ShapeSpec second = c.shape();
    if (!c.done()) throw c.error("nothing after the second shape");
    return Scene.of(first, relation, second);
  }

  private static final class Cursor {
    private final String caption;
    private final List<String> words;
    private int at;

    Cursor(String caption, List<String> words) {
      this.caption = caption;
      this.words = words;
    }

    boolean done() {
      return at == words.size();
    }

    ShapeSpec shape() {
      String article = next("an article");
      if (!article.equals("a") && !article.equals("an")) throw error("an article ('a')");
      ShapeSize size = pick(ShapeSize.values(), "a size", ShapeSize::word);
      ShapeColor color = pick(ShapeColor.values(), "a colour", ShapeColor::word);
      ShapeKind kind = pick(ShapeKind.values(), "a shape", ShapeKind::word);
      return new ShapeSpec(kind, color, size);
    }

    Relation relation() {
      for (Relation r : Relation.values()) {
        List<String> rw = Arrays.asList(r.words().split(" "));
        if (at + rw.size() <= words.size() && words.subList(at, at + rw.size()).equals(rw)) {
          at += rw.size();
          return r;
        }
      }
      throw error("a relation (to the left of, to the right of, above, below)");
    }

    private <T> T pick(T[] options, String what, java.util.function.Function<T, String> word) {
      String w = next(what);
      for (T option : options) {
        if (word.apply(option).equals(w)) return option;
      }
      at--;
      throw error(what);
    }

    private String next(String what) {
      if (done()) throw error(what);
      return words.get(at++);
    }

    UserError error(String expected) {
      String found = done() ? "the end" : "'" + words.get(at) + "'";
      return new UserError("caption '" + caption + "': expected " + expected + " at word " + (at + 1) + ", found "
          + found);
    }
  }
}
