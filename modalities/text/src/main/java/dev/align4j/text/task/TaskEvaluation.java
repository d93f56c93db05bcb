package dev.align4j.text.task;

import dev.align4j.core.data.Text;
import dev.align4j.text.GenerationConfig;
import dev.align4j.text.TextCandidateGenerator;
import dev.align4j.text.TextEncoder;
import dev.align4j.text.TextPolicy;
import java.util.List;

/** Generates answers for held-out prompts and scores them with a task's checker. */
public final class TaskEvaluation {
  private TaskEvaluation() {}

  /** Per-prompt correctness of greedy generations, 64 prompts at a time. */
  public static boolean[] correct(TextPolicy policy, TextEncoder encoder, List<Text> prompts, TaskChecker checker,
      int maxNewTokens) {
    boolean[] out = new boolean[prompts.size()];
    var greedy = new TextCandidateGenerator(policy, encoder, GenerationConfig.greedy(maxNewTokens));
    int batch = 64;
    for (int start = 0; start < prompts.size(); start += batch) {
      List<Text> slice = prompts.subList(start, Math.min(prompts.size(), start + batch));
      List<List<String>> answers = greedy.propose(slice, 1, 0);
      for (int i = 0; i < slice.size(); i++) out[start + i] = checker.correct(slice.get(i), answers.get(i).get(0));
    }
    return out;
  }

  /** Fraction of correct answers. */
  public static double accuracy(boolean[] correct) {
    int n = 0;
    for (boolean c : correct) if (c) n++;
    return correct.length == 0 ? Double.NaN : (double) n / correct.length;
  }

  /** Correctness as scores, 1 or 0 per prompt (for paired comparisons). */
  public static double[] asScores(boolean[] correct) {
    double[] x = new double[correct.length];
    for (int i = 0; i < x.length; i++) x[i] = correct[i] ? 1 : 0;
    return x;
  }
}
