package dev.align4j.text.task;

import dev.align4j.core.data.PreferenceExample;
import dev.align4j.core.data.Text;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * The embedded text task: two-number addition written as characters ("37+45=" -> "82"). Small enough for
 * a GPT trained for a minute on a laptop to get partly right, and checkable exactly, so preference tuning
 * has something real to learn: chosen answers are correct, rejected ones are the near misses a model
 * makes (an off-by-one digit, a dropped carry, swapped digits).
 */
public final class ArithmeticTask {
  /** Every character the task uses; the tokenizer is built over this alphabet. */
  public static final String ALPHABET = "0123456789+=";

  private final int maxOperand;

  /** Operands from 0 to {@code maxOperand} inclusive. */
  public ArithmeticTask(int maxOperand) {
    this.maxOperand = maxOperand;
  }

  /** The default task: two-digit operands. */
  public static ArithmeticTask standard() {
    return new ArithmeticTask(99);
  }

  /** A problem and its answer. */
  public record Problem(int a, int b) {
    public String prompt() {
      return a + "+" + b + "=";
    }

    public String answer() {
      return Integer.toString(a + b);
    }
  }

  /** {@code n} distinct problems drawn with {@code seed}; disjoint sets for disjoint seeds are not guaranteed. */
  public List<Problem> problems(int n, long seed) {
    Random r = new Random(seed);
    Set<Problem> out = new LinkedHashSet<>();
    int possible = (maxOperand + 1) * (maxOperand + 1);
    while (out.size() < Math.min(n, possible))
        out.add(new Problem(r.nextInt(maxOperand + 1), r.nextInt(maxOperand + 1)));
    return new ArrayList<>(out);
  }

  /** Splits every possible problem into train and held-out sets, deterministically by seed. */
  public List<List<Problem>> split(double heldOutFraction, long seed) {
    List<Problem> all = new ArrayList<>();
    for (int a = 0; a <= maxOperand; a++) for (int b = 0; b <= maxOperand; b++) all.add(new Problem(a, b));
    java.util.Collections.shuffle(all, new Random(seed));
    int cut = (int) Math.round(all.size() * (1 - heldOutFraction));
    return List.of(all.subList(0, cut), all.subList(cut, all.size()));
  }

  /** Whether {@code completion} (generated text after the prompt) answers {@code problem} correctly. */
  public static boolean check(Problem problem, String completion) {
    return completion.trim().equals(problem.answer());
  }

  /** A wrong answer a weak model plausibly gives. */
  public static String nearMiss(Problem p, Random r) {
    int sum = p.a() + p.b();
    String s = Integer.toString(sum);
    for (int attempt = 0; attempt < 20; attempt++) {
      String wrong = switch (r.nextInt(4)) {
        case 0 -> Integer.toString(sum + (r.nextBoolean() ? 1 : -1));
        case 1 -> Integer.toString(sum + (r.nextBoolean() ? 10 : -10));
        case 2 -> Integer.toString((p.a() % 10 + p.b() % 10) % 10 + (p.a() / 10 + p.b() / 10) * 10);  // dropped carry
        default -> s.length() > 1 ? new StringBuilder(s).reverse().toString() : Integer.toString(sum + 2);
      };
      if (!wrong.equals(s) && !wrong.startsWith("-")) return wrong;
    }
    return Integer.toString(sum + 1);
  }

  /** Preference pairs (chosen correct, rejected a near miss). */
  public static List<PreferenceExample> pairs(List<Problem> problems, long seed, String source) {
    Random r = new Random(seed);
    List<PreferenceExample> out = new ArrayList<>();
    long row = 1;
    for (Problem p : problems) {
      out.add(new PreferenceExample.Paired(source, row++, Text.raw(p.prompt()), Text.raw(p.answer()),
          Text.raw(nearMiss(p, r))));
    }
    return out;
  }

  /** Unpaired examples for KTO/BCO: each problem once, correct or a near miss with equal odds. */
  public static List<PreferenceExample> unpaired(List<Problem> problems, long seed, String source) {
    Random r = new Random(seed);
    List<PreferenceExample> out = new ArrayList<>();
    long row = 1;
    for (Problem p : problems) {
      boolean good = r.nextBoolean();
      out.add(new PreferenceExample.Unpaired(source, row++, Text.raw(p.prompt()),
          Text.raw(good ? p.answer() : nearMiss(p, r)), good));
    }
    return out;
  }

  /** Parses a prompt "a+b=" back into its problem, or null when it is not one. */
  public static Problem parse(String prompt) {
    var m = java.util.regex.Pattern.compile("(\\d+)\\+(\\d+)=").matcher(prompt.trim());
    return m.matches() ? new Problem(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))) : null;
  }
}
