package dev.align4j.text.task;

import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import dev.align4j.core.data.Text;
import dev.align4j.text.GenerationConfig;
import dev.align4j.text.Generator;
import dev.align4j.text.TextEncoder;
import dev.align4j.text.TextPolicy;
import java.util.ArrayList;
import java.util.List;

/** Generates answers for held-out prompts and scores them with a task's checker. */
public final class TaskEvaluation {
  private TaskEvaluation() {}

  /** Per-prompt correctness of greedy generations (batched). */
  public static boolean[] correct(TextPolicy policy, TextEncoder encoder, List<Text> prompts, TaskChecker checker,
      int maxNewTokens) {
    boolean[] out = new boolean[prompts.size()];
    var tok = encoder.tokenizer();
    GenerationConfig config = GenerationConfig.greedy(maxNewTokens).withEos((int) tok.eosId()).withPad((int) tok.padId());
    NDManager m = NDManager.subManagerOf(policy.parameters().get(0).array());
    int batch = 64;
    for (int start = 0; start < prompts.size(); start += batch) {
      List<int[]> ids = new ArrayList<>();
      List<Text> slice = prompts.subList(start, Math.min(prompts.size(), start + batch));
      for (Text p : slice) ids.add(toInts(encoder.prompt(p)));
      try (NDManager scope = m.newSubManager()) {
        List<int[]> generated = new Generator(policy.lm(), new ParameterStore(scope, false)).generate(scope, ids, config);
        for (int i = 0; i < slice.size(); i++) {
          String text = tok.decode(toLongs(generated.get(i)), true);
          out[start + i] = checker.correct(slice.get(i), text);
        }
      }
    }
    return out;
  }

  /** Fraction of correct answers. */
  public static double accuracy(boolean[] correct) {
    int n = 0;
    for (boolean c : correct) if (c) n++;
    return correct.length == 0 ? Double.NaN : (double) n / correct.length;
  }

  private static int[] toInts(long[] ids) {
    int[] out = new int[ids.length];
    for (int i = 0; i < ids.length; i++) out[i] = (int) ids[i];
    return out;
  }

  private static long[] toLongs(int[] ids) {
    long[] out = new long[ids.length];
    for (int i = 0; i < ids.length; i++) out[i] = ids[i];
    return out;
  }
}
