package dev.align4j.rewards.judge;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads verdicts out of a judge's free text.
 *
 * <p>Both readers first narrow the text to the last {@code <answer>...</answer>} block when there is one (the
 * UnifiedReward-Think format, reasoning in {@code <think>}), drop markdown emphasis and quotes, and ignore case.
 *
 * <p><b>Pairwise</b> ({@link #pairwise}): a verdict is mentioned as "Image 1 is better" (also video/picture,
 * 1/one/#1, "the first image", "the second one", "the former/latter", with "clearly", "slightly", ... before
 * "better", "superior", "preferred"), "I prefer/choose image 2", a label such as "Final answer: Image 2" or
 * "Better image: 1", a bare "Image 2" / "2" as the whole answer, or a tie ("equally good", "it's a tie", "neither
 * image is better"). "Image 1 is not better" is no mention. The decision is the verdict of the last sentence that
 * mentions one, provided that sentence mentions only one verdict, and, when earlier sentences mention a different
 * verdict, it reads as a conclusion ("overall", "final", "therefore", "thus", "in conclusion", "verdict", "answer",
 * ...) or is the whole answer block. Otherwise the answer is ambiguous.
 *
 * <p><b>Pointwise</b> ({@link #pointwise}): the last "Final Score: n" (any case, ":", "=", "-", "is" or nothing
 * between, n an integer or decimal, optionally "/d" or "out of d"); when there is none, the last line or sentence
 * that starts with "Score:", "Overall score:" or "Total score:". A denominator must equal the scale's maximum, and n
 * must lie in the scale.
 *
 * <p>Anything else raises {@link UnparseableJudgementException}.
 */
public final class JudgementParser {
  /** A pairwise decision. */
  public enum Verdict {
    FIRST, SECOND, TIE
  }

  private static final Pattern ANSWER_TAG = Pattern.compile("<answer>(.*?)(?:</answer>|$)",
      Pattern.DOTALL | Pattern.CASE_INSENSITIVE);
  private static final String MEDIA = "(?:image|video|picture|photo|option|candidate)";
  private static final String WHO = "(?:the\\s+)?(?:" + MEDIA + "\\s*(?:#|number)?\\s*(1|2|one|two)\\b"
      + "|(first|second|former|latter)(?:\\s+(?:" + MEDIA + "|one))?\\b)";
  private static final String ADVERBS = "(?:(?:clearly|slightly|much|significantly|somewhat|overall|definitely"
      + "|marginally|far|noticeably|considerably|still|the|a|bit|little)\\s+)*";
  private static final List<Pattern> MENTIONS = List.of(
      Pattern.compile("\\b" + WHO + "\\s+(?:is|was|seems|appears|looks|performs)\\s+" + ADVERBS
          + "(?:better|superior|preferred|preferable|winner|stronger)\\b"),
      Pattern.compile("\\b(?:prefer|choose|chose|pick|select|favou?r)\\s+" + WHO),
      Pattern.compile("\\b(?:final\\s+)?(?:verdict|answer|judge?ment|conclusion|decision|choice|winner|preference"
          + "|better\\s+" + MEDIA + ")\\s*[:=\\-]\\s*(?:" + WHO + "|(1|2)\\b)"));
  private static final Pattern TIE = Pattern.compile("\\bequally\\s+(?:good|bad|well|matched|strong)\\b"
      + "|\\b(?:it'?s|it\\s+is|this\\s+is)\\s+a\\s+tie\\b|\\bneither\\s+(?:" + MEDIA + "|one|video)\\s+is\\s+better\\b"
      + "|\\b(?:verdict|answer|conclusion|judge?ment)\\s*[:=\\-]\\s*tie\\b");
  private static final Pattern BARE = Pattern.compile("^\\W*(?:" + MEDIA + "\\s*)?(1|2)\\W*$|^\\W*(tie)\\W*$");
  private static final Pattern CONCLUSION = Pattern.compile("\\b(?:overall|final(?:ly)?|therefore|thus|hence"
      + "|in\\s+conclusion|in\\s+summary|to\\s+conclude|to\\s+sum\\s+up|conclusion|verdict|answer|ultimately"
      + "|in\\s+the\\s+end|all\\s+things\\s+considered|on\\s+balance)\\b|^\\W*so\\b");
  private static final Pattern SENTENCE_END = Pattern.compile("(?<=[.!?])\\s+|\\n+");
  private static final String NUMBER = "(\\d+(?:\\.\\d+)?)";
  private static final String DENOMINATOR = "(?:\\s*(?:/|out\\s+of)\\s*" + NUMBER + ")?";
  private static final Pattern FINAL_SCORE = Pattern.compile(
      "final\\s*score\\s*(?:is|of|[:=\\-])?\\s*[\\[(]?\\s*" + NUMBER + DENOMINATOR);
  private static final Pattern PLAIN_SCORE = Pattern.compile(
      "(?:^|[\\n.;!?])\\s*(?:overall\\s+|total\\s+)?score\\s*[:=]\\s*[\\[(]?\\s*" + NUMBER + DENOMINATOR);

  private JudgementParser() {}

  /** The pairwise verdict in the answer. */
  public static Verdict pairwise(String answer) {
    String scope = scope(answer);
    Matcher bare = BARE.matcher(scope.strip());
    if (bare.matches()) return bare.group(1) == null ? Verdict.TIE : verdict(bare.group(1));
    List<Mention> mentions = mentions(scope);
    if (mentions.isEmpty()) throw new UnparseableJudgementException("no pairwise verdict", answer);
    int[] last = sentenceAround(scope, mentions.get(mentions.size() - 1).start);
    List<Verdict> closing = mentions.stream().filter(m -> m.start >= last[0] && m.start < last[1]).map(Mention::verdict)
        .distinct().toList();
    if (closing.size() > 1) throw new UnparseableJudgementException("conflicting verdicts " + closing, answer);
    Verdict v = closing.get(0);
    boolean unanimous = mentions.stream().allMatch(m -> m.verdict == v);
    boolean whole = scope.substring(last[0], last[1]).strip().equals(scope.strip());
    if (unanimous || whole || CONCLUSION.matcher(scope.substring(last[0], last[1])).find()) return v;
    throw new UnparseableJudgementException("verdicts change without a conclusion", answer);
  }

  /** The pointwise score in the answer, which must lie in [min, max]. */
  public static double pointwise(String answer, double min, double max) {
    String scope = scope(answer);
    MatchResult m = lastMatch(FINAL_SCORE, scope);
    if (m == null) m = lastMatch(PLAIN_SCORE, scope);
    if (m == null) throw new UnparseableJudgementException("no \"Final Score:\"", answer);
    double score = Double.parseDouble(m.group(1));
    if (m.group(2) != null && Double.parseDouble(m.group(2)) != max) {
      throw new UnparseableJudgementException("score " + m.group(1) + "/" + m.group(2) + " is not on the 1.."
          + fmt(max) + " scale", answer);
    }
    if (score < min || score > max) {
      throw new UnparseableJudgementException("score " + m.group(1) + " outside " + fmt(min) + ".." + fmt(max), answer);
    }
    return score;
  }

  private record Mention(int start, Verdict verdict) {}

  private static String scope(String answer) {
    String s = answer == null ? "" : answer;
    Matcher tag = ANSWER_TAG.matcher(s);
    String inner = null;
    while (tag.find()) inner = tag.group(1);
    if (inner != null && !inner.isBlank()) s = inner;
    return s.replaceAll("[*`\"\u201c\u201d]", "").toLowerCase(Locale.ROOT);
  }

  private static List<Mention> mentions(String s) {
    List<Mention> out = new ArrayList<>();
    for (Pattern p : MENTIONS) {
      Matcher m = p.matcher(s);
      while (m.find()) {
        String who = null;
        for (int g = 1; who == null && g <= m.groupCount(); g++) who = m.group(g);
        out.add(new Mention(m.start(), verdict(who)));
      }
    }
    Matcher t = TIE.matcher(s);
    while (t.find()) out.add(new Mention(t.start(), Verdict.TIE));
    out.sort(Comparator.comparingInt(Mention::start));
    return out;
  }

  private static Verdict verdict(String who) {
    return switch (who) {
      case "1", "one", "first", "former" -> Verdict.FIRST;
      default -> Verdict.SECOND;
    };
  }

  /** [start, end) of the sentence or line holding position {@code at}. */
  private static int[] sentenceAround(String s, int at) {
    int start = 0;
    int end = s.length();
    Matcher m = SENTENCE_END.matcher(s);
    while (m.find()) {
      if (m.end() <= at) {
        start = m.end();
      } else {
        end = m.start();
        break;
      }
    }
    return new int[] {start, end};
  }

  private static MatchResult lastMatch(Pattern p, String s) {
    Matcher m = p.matcher(s);
    MatchResult last = null;
    while (m.find()) last = m.toMatchResult();
    return last;
  }

  private static String fmt(double d) {
    return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
  }
}
