package dev.align4j.lvlm.world;

import com.google.common.base.Preconditions;
import dev.align4j.core.shapes.Relation;
import dev.align4j.core.shapes.Scene;
import dev.align4j.core.shapes.ShapeColor;
import dev.align4j.core.shapes.ShapeKind;
import dev.align4j.core.shapes.ShapeSpec;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * A question about one picture, named by what it refers to: the colour or size of the shape of a kind ("what
 * colour is the circle?"), the kind of the shape of a colour ("what shape is the red one?"), where the shape of one
 * kind lies relative to that of another ("where is the circle relative to the square?"), or how many shapes there
 * are. Its answer about a scene is a canonical word ({@link AnswerWords}).
 *
 * @param kind the shape referred to (colour, size, position questions), else null
 * @param color the colour referred to (kind questions), else null
 * @param other the second shape's kind (position questions), else null
 */
public record Question(Attribute attribute, ShapeKind kind, ShapeColor color, ShapeKind other) {
  public Question {
    Preconditions.checkNotNull(attribute, "attribute");
    Preconditions.checkArgument((kind != null) == (attribute == Attribute.COLOR || attribute == Attribute.SIZE
        || attribute == Attribute.POSITION), "a kind exactly for colour, size and position questions");
    Preconditions.checkArgument((color != null) == (attribute == Attribute.KIND),
        "a colour exactly for kind questions");
    Preconditions.checkArgument((other != null) == (attribute == Attribute.POSITION),
        "a second kind exactly for position questions");
    Preconditions.checkArgument(other == null || other != kind, "a position question needs two different kinds");
  }

  /** "What colour is the {kind}?" */
  public static Question color(ShapeKind kind) {
    return new Question(Attribute.COLOR, kind, null, null);
  }

  /** "What size is the {kind}?" */
  public static Question size(ShapeKind kind) {
    return new Question(Attribute.SIZE, kind, null, null);
  }

  /** "What shape is the {colour} one?" */
  public static Question kind(ShapeColor color) {
    return new Question(Attribute.KIND, null, color, null);
  }

  /** "Where is the {kind} relative to the {other}?" */
  public static Question position(ShapeKind kind, ShapeKind other) {
    return new Question(Attribute.POSITION, kind, null, other);
  }

  /** "How many shapes are there?" */
  public static Question count() {
    return new Question(Attribute.COUNT, null, null, null);
  }

  /** The question in lower case, without a picture reference: {@code "what colour is the circle?"}. */
  public String text() {
    return switch (attribute) {
      case COLOR -> "what colour is the " + kind.word() + "?";
      case SIZE -> "what size is the " + kind.word() + "?";
      case KIND -> "what shape is the " + color.word() + " one?";
      case POSITION -> "where is the " + kind.word() + " relative to the " + other.word() + "?";
      case COUNT -> "how many shapes are there?";
    };
  }

  /**
   * Every answer the question has about {@code scene}: one value per shape it could refer to (so none when the
   * scene lacks the shape, two when the scene has two such shapes).
   */
  public Set<String> answers(Scene scene) {
    Set<String> out = new LinkedHashSet<>();
    switch (attribute) {
      case COLOR -> referents(scene).forEach(s -> out.add(s.color().word()));
      case SIZE -> referents(scene).forEach(s -> out.add(s.size().word()));
      case KIND -> referents(scene).forEach(s -> out.add(s.kind().word()));
      case COUNT -> out.add(AnswerWords.count(scene.shapes().size()));
      case POSITION -> relation(scene).ifPresent(r -> out.add(AnswerWords.direction(r)));
    }
    return out;
  }

  /** The answer about {@code scene} when the question refers to exactly one thing there, else empty. */
  public Optional<String> answer(Scene scene) {
    if (attribute != Attribute.COUNT && attribute != Attribute.POSITION && referents(scene).size() != 1) {
      return Optional.empty();
    }
    Set<String> answers = answers(scene);
    return answers.size() == 1 ? Optional.of(answers.iterator().next()) : Optional.empty();
  }

  /**
   * The asked attribute of the shapes of {@code scene} the question does not refer to (colour, kind and size
   * questions; empty for the others): the values an answer takes when it reads the wrong shape.
   */
  public Set<String> otherElements(Scene scene) {
    Set<String> out = new LinkedHashSet<>();
    if (!attribute.describesShapes()) return out;
    Function<ShapeSpec, String> value = switch (attribute) {
      case COLOR -> s -> s.color().word();
      case SIZE -> s -> s.size().word();
      default -> s -> s.kind().word();
    };
    for (ShapeSpec s : scene.shapes()) {
      if (!refersTo(s)) out.add(value.apply(s));
    }
    return out;
  }

  /** Every question with exactly one answer about {@code scene}. */
  public static List<Question> about(Scene scene) {
    List<Question> out = new ArrayList<>();
    for (ShapeKind k : ShapeKind.values()) {
      if (scene.shapes().stream().filter(s -> s.kind() == k).count() == 1) {
        out.add(color(k));
        out.add(size(k));
      }
    }
    for (ShapeColor c : ShapeColor.values()) {
      if (scene.shapes().stream().filter(s -> s.color() == c).count() == 1) out.add(kind(c));
    }
    out.add(count());
    if (scene.shapes().size() == 2) {
      ShapeKind a = scene.shapes().get(0).kind();
      ShapeKind b = scene.shapes().get(1).kind();
      if (a != b) {
        out.add(position(a, b));
        out.add(position(b, a));
      }
    }
    return out;
  }

  private boolean refersTo(ShapeSpec s) {
    return attribute == Attribute.KIND ? s.color() == color : s.kind() == kind;
  }

  private List<ShapeSpec> referents(Scene scene) {
    return scene.shapes().stream().filter(this::refersTo).toList();
  }

  /** Where the shape of {@code kind} lies relative to that of {@code other}, when the scene has just those two. */
  private Optional<Relation> relation(Scene scene) {
    if (scene.shapes().size() != 2) return Optional.empty();
    ShapeKind first = scene.shapes().get(0).kind();
    ShapeKind second = scene.shapes().get(1).kind();
    Relation r = scene.relation().orElseThrow();
    if (first == kind && second == other) return Optional.of(r);
    if (first == other && second == kind) return Optional.of(r.inverse());
    return Optional.empty();
  }
}
