package dev.align4j.rewards.ocr;

import com.google.common.base.Preconditions;
import dev.align4j.core.util.UserError;
import java.util.Locale;
import org.apache.commons.text.similarity.LevenshteinDistance;
import org.apache.commons.text.similarity.SimilarityInput;

/**
 * Flow-GRPO's OCR reward (yifan123/flow_grpo, {@code flow_grpo/ocr.py}, {@code OcrScorer.__call__}) on the text
 * an OCR read in an image:
 *
 * <ol>
 *   <li>the target is the prompt's text between its first double quote ({@code "}) and the next one, or the end
 *       of the prompt when there is no second one (Python's {@code prompt.split('"')[1]});
 *   <li>both the target and the text read lose their spaces (only U+0020, as {@code replace(' ', '')}) and are
 *       lower-cased;
 *   <li>{@code d} = 0 when the target occurs in the text read, else the Levenshtein distance between the two
 *       (insertions, deletions and substitutions of Unicode code points, as python-Levenshtein counts them),
 *       capped at the target's length {@code n};
 *   <li>the reward is {@code 1 - d / n}, in [0, 1]: 1 when the image shows the target, 0 when nothing of it is
 *       read.
 * </ol>
 *
 * <p>Flow-GRPO fails with an exception on a prompt without a double quote and divides by zero on an empty
 * target; here both are a one-line {@link UserError} naming the prompt.
 */
public final class OcrReward {
  private static final LevenshteinDistance LEVENSHTEIN = LevenshteinDistance.getDefaultInstance();
  private static final int SHOWN = 80;

  private OcrReward() {}

  /**
   * The text the prompt asks to render, as written: between the first {@code "} and the next (or the end).
   *
   * @throws UserError when the prompt has no {@code "}, or the quoted text is empty once spaces are removed
   */
  public static String target(String prompt) {
    Preconditions.checkNotNull(prompt, "prompt");
    int open = prompt.indexOf('"');
    if (open < 0) {
      throw new UserError("the OCR reward scores the text a prompt puts in double quotes, and prompt "
          + shown(prompt) + " has none (write e.g. a sign that says \"OPEN\")");
    }
    int close = prompt.indexOf('"', open + 1);
    String target = close < 0 ? prompt.substring(open + 1) : prompt.substring(open + 1, close);
    if (normalize(target).isEmpty()) {
      throw new UserError("the OCR reward needs text between the double quotes, and prompt " + shown(prompt)
          + " quotes none");
    }
    return target;
  }

  /** Spaces (U+0020) removed, lower case: how both sides are compared. */
  public static String normalize(String text) {
    return text.replace(" ", "").toLowerCase(Locale.ROOT);
  }

  /**
   * The reward of an image in which {@code read} was read, for a prompt whose {@link #target} is
   * {@code target}: {@code 1 - min(d, n) / n} on the normalised texts.
   */
  public static double score(String read, String target) {
    String t = normalize(target);
    Preconditions.checkArgument(!t.isEmpty(), "empty target");
    String r = normalize(read);
    int n = t.codePointCount(0, t.length());
    int d = r.contains(t) ? 0 : Math.min(distance(r, t), n);
    return 1.0 - (double) d / n;
  }

  /** Levenshtein distance between two strings counted in Unicode code points. */
  public static int distance(String a, String b) {
    return LEVENSHTEIN.apply(codePoints(a), codePoints(b));
  }

  private static SimilarityInput<Integer> codePoints(String s) {
    int[] cps = s.codePoints().toArray();
    return new SimilarityInput<>() {
      @Override
      public Integer at(int index) {
        return cps[index];
      }

      @Override
      public int length() {
        return cps.length;
      }
    };
  }

  private static String shown(String prompt) {
    String oneLine = prompt.replaceAll("\\R", " ");
    return "'" + (oneLine.length() > SHOWN ? oneLine.substring(0, SHOWN).stripTrailing() + "..." : oneLine) + "'";
  }
}
