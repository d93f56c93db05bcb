package dev.align4j.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.core.data.Message;
import dev.align4j.core.util.UserError;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChatTemplateTest {
  static final List<Message> PROMPT =
      List.of(new Message("system", "Be brief."), new Message("user", "What is 2+2?"));

  @Test
  void chatml() {
    ChatTemplate t = ChatTemplate.chatml();
    assertEquals(
        "<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\nWhat is 2+2?<|im_end|>\n",
        t.render(PROMPT));
    assertEquals(t.render(PROMPT) + "<|im_start|>assistant\n", t.renderPrompt(PROMPT));
    assertEquals("<|im_start|>assistant\n", t.generationPrompt());
    assertEquals("4<|im_end|>\n", t.renderCompletion("4"));
  }

  @Test
  void plain() {
    ChatTemplate t = ChatTemplate.plain();
    assertEquals("System: Be brief.\nUser: What is 2+2?\n", t.render(PROMPT));
    assertEquals("System: Be brief.\nUser: What is 2+2?\nAssistant: ", t.renderPrompt(PROMPT));
    assertEquals("4\n", t.renderCompletion("4"));
  }

  @Test
  void completionIsExactlyTheSuffixAfterThePrompt() {
    for (ChatTemplate t : List.of(ChatTemplate.chatml(), ChatTemplate.plain())) {
      for (String completion : List.of("4", "", "Four.\nReally: 4!", " leading space")) {
        ChatTemplate.PromptCompletion pc = t.renderPair(PROMPT, completion);
        List<Message> all = new ArrayList<>(PROMPT);
        all.add(new Message("assistant", completion));
        String whole = t.render(all);
        assertEquals(whole, pc.text(), t + " / " + completion);
        assertTrue(whole.startsWith(pc.prompt()));
        assertEquals(whole.substring(pc.prompt().length()), pc.completion());
      }
    }
  }

  @Test
  void multiTurnCompletionJoinsThePrompt() {
    ChatTemplate t = ChatTemplate.chatml();
    List<Message> completion =
        List.of(new Message("assistant", "4"), new Message("user", "And 3+3?"), new Message("assistant", "6"));
    ChatTemplate.PromptCompletion pc = t.renderPair(PROMPT, completion);
    List<Message> all = new ArrayList<>(PROMPT);
    all.addAll(completion);
    assertEquals(t.render(all), pc.text());
    assertEquals("6<|im_end|>\n", pc.completion());
    assertThrows(UserError.class, () -> t.renderPair(PROMPT, List.of(new Message("user", "x"))));
  }

  @Test
  void promptTokensMaskOutOfTheCompletion() {
    try (TextTokenizer tok = TextTokenizer.load(FixtureTokenizerTest.FIXTURE)) {
      ChatTemplate.PromptCompletion pc = ChatTemplate.chatml().renderPair(PROMPT, "It is 4.");
      long[] prompt = tok.encode(pc.prompt());
      long[] completion = tok.encode(pc.completion());
      long[] whole = tok.encode(pc.text());
      assertArrayEquals(whole, concat(prompt, completion));
      assertArrayEquals(completion, Arrays.copyOfRange(whole, prompt.length, whole.length));
      assertEquals(tok.tokenId("<|im_end|>"), completion[completion.length - 2]);
      assertEquals("It is 4.<|im_end|>\n", tok.decode(Arrays.copyOfRange(whole, prompt.length, whole.length)));
    }
  }

  @Test
  void namedTemplates() {
    assertEquals("chatml", ChatTemplate.named("chatml").name());
    assertEquals("plain", ChatTemplate.named("plain").name());
    UserError e = assertThrows(UserError.class, () -> ChatTemplate.named("llama9"));
    assertTrue(e.getMessage().contains("chatml") && e.getMessage().contains("llama9"), e.getMessage());
  }

  private static long[] concat(long[] a, long[] b) {
    long[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
