package dev.align4j.losses;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import org.apache.commons.text.similarity.LevenshteinDistance;

/** "Did you mean ...?" for mistyped names. */
public final class Suggestions {
  private static final LevenshteinDistance DISTANCE = LevenshteinDistance.getDefaultInstance();

  private Suggestions() {}

  /** Up to three candidates closest to {@code typed}, nearest first; empty when none is close. */
  public static List<String> nearest(String typed, Collection<String> candidates) {
    int limit = Math.max(2, typed.length() / 3);
    return candidates.stream()
        .filter(c -> DISTANCE.apply(typed, c) <= limit || c.contains(typed) || typed.contains(c))
        .sorted(Comparator.comparingInt((String c) -> DISTANCE.apply(typed, c)).thenComparing(c -> c))
        .limit(3)
        .toList();
  }

  /** "; did you mean 'a' or 'b'?" or "" when nothing is close. */
  public static String didYouMean(String typed, Collection<String> candidates) {
    List<String> near = nearest(typed, candidates);
    if (near.isEmpty()) return "";
    return "; did you mean " + String.join(" or ", near.stream().map(n -> "'" + n + "'").toList()) + "?";
  }
}
