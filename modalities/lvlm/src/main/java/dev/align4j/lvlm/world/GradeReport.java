package dev.align4j.lvlm.world;

import com.google.common.base.Preconditions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The checker's rates over a set of answers: per format (only the formats present, in {@link Format}'s order), over
 * every multi-image format together, and over all.
 */
public record GradeReport(Map<Format, GradeRates> byFormat, GradeRates multiImage, GradeRates all) {
  public GradeReport {
    Map<Format, GradeRates> ordered = new EnumMap<>(Format.class);
    ordered.putAll(byFormat);
    byFormat = Collections.unmodifiableMap(ordered);
  }

  /** The report of {@code grades}, the grades of {@code items} in order. */
  public static GradeReport of(List<CollageItem> items, List<AnswerGrade> grades) {
    Preconditions.checkArgument(items.size() == grades.size(), "%s items but %s grades", items.size(),
        grades.size());
    Map<Format, List<AnswerGrade>> split = new EnumMap<>(Format.class);
    List<AnswerGrade> multi = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      Format f = items.get(i).format();
      split.computeIfAbsent(f, k -> new ArrayList<>()).add(grades.get(i));
      if (f.multiImage()) multi.add(grades.get(i));
    }
    Map<Format, GradeRates> rates = new EnumMap<>(Format.class);
    split.forEach((f, g) -> rates.put(f, GradeRates.of(g)));
    return new GradeReport(rates, GradeRates.of(multi), GradeRates.of(grades));
  }

  /** Grades every answer ({@code answers.get(i)} to {@code items.get(i)}) and reports the rates. */
  public static GradeReport grade(List<CollageItem> items, List<String> answers) {
    Preconditions.checkArgument(items.size() == answers.size(), "%s items but %s answers", items.size(),
        answers.size());
    List<AnswerGrade> grades = new ArrayList<>(items.size());
    for (int i = 0; i < items.size(); i++) grades.add(CollageChecker.grade(items.get(i), answers.get(i)));
    return of(items, grades);
  }

  /** The single-image rates (all zero when there were none). */
  public GradeRates single() {
    return byFormat.getOrDefault(Format.SINGLE, GradeRates.of(List.of()));
  }
}
