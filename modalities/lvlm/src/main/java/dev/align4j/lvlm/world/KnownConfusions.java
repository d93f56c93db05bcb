package dev.align4j.lvlm.world;

import com.google.common.base.Preconditions;
import dev.align4j.core.shapes.Scene;
import dev.align4j.core.shapes.ShapeColor;
import dev.align4j.core.shapes.ShapeKind;
import dev.align4j.core.shapes.ShapeSize;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Pairs from the world's ground truth alone, before any model: chosen = the true answer, rejected = one of the
 * world's known confusions. This is not MIA-DPO's pair construction (which keeps the model's own wrong answers by
 * its attention on the referred image, and needs the model): it is the pair a perfect oracle of the world's mistakes
 * would give, marked {@code selection: known_confusion} where it is written.
 *
 * <ul>
 *   <li>{@link RejectedKind#SEQUENCE_CONFUSION} (multi-image questions): the answer the question has about another
 *       picture, one that no other shape of the referred picture has where possible; every multi-image question
 *       has one.
 *   <li>{@link RejectedKind#HALLUCINATION} (colour, kind and size questions): a value no shape of any picture has,
 *       when there is one (a 9-cell grid may show every kind).
 * </ul>
 */
public final class KnownConfusions {
  private KnownConfusions() {}

  /**
   * One pair per item where one can be built: for multi-image questions a hallucination with probability
   * {@code hallucinationShare} when possible, else a sequence confusion; for single images a hallucination when
   * possible, else none.
   */
  public static List<CollagePair> pairs(List<CollageItem> items, double hallucinationShare, long seed) {
    Preconditions.checkArgument(hallucinationShare >= 0 && hallucinationShare <= 1,
        "hallucination share in 0..1, not %s", hallucinationShare);
    SplittableRandom root = new SplittableRandom(seed);
    List<CollagePair> out = new ArrayList<>();
    for (CollageItem item : items) {
      SplittableRandom rnd = root.split();
      boolean hallucinate = !item.format().multiImage() || rnd.nextDouble() < hallucinationShare;
      Optional<CollagePair> pair = hallucinate ? hallucination(item, rnd) : Optional.empty();
      if (pair.isEmpty() && item.format().multiImage()) pair = confusion(item, rnd);
      pair.ifPresent(out::add);
    }
    return out;
  }

  /** The pair whose rejected answer is about another picture, when the question has one. */
  public static Optional<CollagePair> confusion(CollageItem item, SplittableRandom rnd) {
    Question q = item.question();
    String truth = item.answer();
    Set<String> others = CollageWorld.confusable(q, item.panels().get(item.referred()).scene(), truth);
    Set<String> options = new LinkedHashSet<>();
    for (int j = 0; j < item.panels().size(); j++) {
      if (j != item.referred()) options.addAll(q.answers(item.panels().get(j).scene()));
    }
    options.remove(truth);
    options.removeAll(others);
    if (options.isEmpty()) return Optional.empty();
    String rejected = List.copyOf(options).get(rnd.nextInt(options.size()));
    AnswerGrade grade = CollageChecker.grade(item, rejected);
    return Optional.of(new CollagePair(item, truth, rejected, RejectedKind.SEQUENCE_CONFUSION,
        grade.confusedWith()));
  }

  /** The pair whose rejected answer names a value no picture shows, when the attribute has one. */
  public static Optional<CollagePair> hallucination(CollageItem item, SplittableRandom rnd) {
    List<String> absent = absentValues(item.question().attribute(), item.scenes());
    if (absent.isEmpty()) return Optional.empty();
    String rejected = absent.get(rnd.nextInt(absent.size()));
    return Optional.of(new CollagePair(item, item.answer(), rejected, RejectedKind.HALLUCINATION, -1));
  }

  /** The values of a shape attribute that no shape of {@code scenes} has (none for position and count). */
  static List<String> absentValues(Attribute attribute, List<Scene> scenes) {
    List<String> all = switch (attribute) {
      case COLOR -> java.util.Arrays.stream(ShapeColor.values()).map(ShapeColor::word).toList();
      case KIND -> java.util.Arrays.stream(ShapeKind.values()).map(ShapeKind::word).toList();
      case SIZE -> java.util.Arrays.stream(ShapeSize.values()).map(ShapeSize::word).toList();
      case POSITION, COUNT -> List.of();
    };
    List<String> out = new ArrayList<>();
    for (String v : all) {
      if (AnswerWords.absent(v, scenes).contains(v)) out.add(v);
    }
    return out;
  }
}
