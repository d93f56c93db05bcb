package dev.align4j.text.task;

import ai.djl.ndarray.NDManager;
import dev.align4j.core.data.Text;
import dev.align4j.text.ChatTemplate;
import dev.align4j.text.GptPolicy;
import dev.align4j.text.TextEncoder;
import dev.align4j.text.TextTokenizer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BaseModelProbe {
  @Test
  void probe() throws Exception {
    long t0 = System.nanoTime();
    var dir = ArithmeticWorld.baseModel(System.out);
    System.out.println("built in " + (System.nanoTime() - t0) / 1e9 + " s");
    try (NDManager m = NDManager.newBaseManager(); TextTokenizer tok = TextTokenizer.load(ArithmeticWorld.tokenizer());
        GptPolicy p = GptPolicy.load(dir, m)) {
      TextEncoder enc = new TextEncoder(tok, ChatTemplate.plain(), 12, 7);
      List<Text> prompts = new ArrayList<>();
      for (var pr : ArithmeticWorld.splits().get(1).subList(0, 256)) prompts.add(Text.raw(pr.prompt()));
      boolean[] c = TaskEvaluation.correct(p, enc, prompts, TaskChecker.arithmetic(), 4);
      System.out.println("held-out accuracy " + TaskEvaluation.accuracy(c));
    }
  }
}
