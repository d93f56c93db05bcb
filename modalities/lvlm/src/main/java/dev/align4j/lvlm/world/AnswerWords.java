package dev.align4j.lvlm.world;

import dev.align4j.core.shapes.Relation;
import dev.align4j.core.shapes.Scene;
import dev.align4j.core.shapes.ShapeColor;
import dev.align4j.core.shapes.ShapeKind;
import dev.align4j.core.shapes.ShapeSize;
import dev.align4j.core.shapes.ShapeSpec;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The world's answer vocabulary, and what a free-text answer says in it. Canonical answers are single words: a
 * colour ({@code red}), a kind ({@code circle}), a size ({@code small}), a direction ({@code left}, {@code right},
 * {@code above}, {@code below}) or a count word ({@code one}, {@code two}). Reading an answer, plural kinds count as
 * the kind ({@code circles}), digits as count words ({@code 2}), and picture references ({@code Image 3},
 * {@code Image3}) are ignored.
 */
public final class AnswerWords {
  private static final Pattern PICTURE_REFERENCE = Pattern.compile("image\\s*\\d+");
  private static final Pattern NOT_WORD = Pattern.compile("[^a-z0-9]+");
  private static final String[] COUNTS = {"one", "two", "three", "four", "five", "six", "seven", "eight", "nine"};
  private static final Map<String, String> COLORS = new LinkedHashMap<>();
  private static final Map<String, String> KINDS = new LinkedHashMap<>();
  private static final Map<String, String> SIZES = new LinkedHashMap<>();
  private static final Map<String, String> DIRECTIONS = new LinkedHashMap<>();
  private static final Map<String, String> COUNT_WORDS = new LinkedHashMap<>();

  static {
    for (ShapeColor c : ShapeColor.values()) COLORS.put(c.word(), c.word());
    for (ShapeKind k : ShapeKind.values()) {
      KINDS.put(k.word(), k.word());
      KINDS.put(plural(k.word()), k.word());
    }
    for (ShapeSize s : ShapeSize.values()) SIZES.put(s.word(), s.word());
    for (Relation r : Relation.values()) DIRECTIONS.put(direction(r), direction(r));
    for (int i = 0; i < COUNTS.length; i++) {
      COUNT_WORDS.put(COUNTS[i], COUNTS[i]);
      COUNT_WORDS.put(Integer.toString(i + 1), COUNTS[i]);
    }
  }

  private AnswerWords() {}

  /** The canonical answer for a direction: {@code left}, {@code right}, {@code above} or {@code below}. */
  public static String direction(Relation r) {
    return switch (r) {
      case LEFT_OF -> "left";
      case RIGHT_OF -> "right";
      case ABOVE -> "above";
      case BELOW -> "below";
    };
  }

  /** The canonical answer for a count of shapes (1..9). */
  public static String count(int n) {
    return COUNTS[n - 1];
  }

  /** The canonical values of {@code attribute} that {@code answer} names, in order of first mention. */
  public static Set<String> values(Attribute attribute, String answer) {
    Map<String, String> words = words(attribute);
    Set<String> out = new LinkedHashSet<>();
    for (String w : words(answer)) {
      String v = words.get(w);
      if (v != null) out.add(v);
    }
    return out;
  }

  /** Every canonical value of {@code attribute} (for counts, one to nine). */
  public static Set<String> all(Attribute attribute) {
    return new LinkedHashSet<>(words(attribute).values());
  }

  private static Map<String, String> words(Attribute attribute) {
    return switch (attribute) {
      case COLOR -> COLORS;
      case KIND -> KINDS;
      case SIZE -> SIZES;
      case POSITION -> DIRECTIONS;
      case COUNT -> COUNT_WORDS;
    };
  }

  /**
   * The colour, kind and size words of {@code answer} that no shape of {@code scenes} has: objects and attributes
   * the answer makes up (canonical values, in order of first mention).
   */
  public static List<String> absent(String answer, List<Scene> scenes) {
    Set<String> present = new LinkedHashSet<>();
    for (Scene scene : scenes) {
      for (ShapeSpec s : scene.shapes()) {
        present.add(s.color().word());
        present.add(s.kind().word());
        present.add(s.size().word());
      }
    }
    Set<String> out = new LinkedHashSet<>();
    for (Attribute a : List.of(Attribute.COLOR, Attribute.KIND, Attribute.SIZE)) {
      for (String v : values(a, answer)) {
        if (!present.contains(v)) out.add(v);
      }
    }
    return List.copyOf(out);
  }

  private static List<String> words(String answer) {
    String text = PICTURE_REFERENCE.matcher(answer.toLowerCase(Locale.ROOT)).replaceAll(" ");
    return List.of(NOT_WORD.split(text.strip()));
  }

  private static String plural(String word) {
    return word.endsWith("s") ? word + "es" : word + "s";
  }
}
