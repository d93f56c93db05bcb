package dev.align4j.text;

import dev.align4j.core.data.Message;
import dev.align4j.core.data.Text;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Turns prompts and completions into token ids: chat messages through the chat template, raw text as is;
 * an end-of-sequence token closes raw completions so the model learns to stop. Truncation keeps the
 * prompt's end and the completion's start, and is counted.
 */
public final class TextEncoder {
  private final TextTokenizer tokenizer;
  private final ChatTemplate template;
  private final int maxLength;
  private final int maxPromptLength;
  private final ConcurrentHashMap<List<Text>, EncodedExample> cache = new ConcurrentHashMap<>();
  private final AtomicLong truncated = new AtomicLong();

  public TextEncoder(TextTokenizer tokenizer, ChatTemplate template, int maxLength, int maxPromptLength) {
    if (maxPromptLength >= maxLength) {
      throw new IllegalArgumentException("max_prompt_length (" + maxPromptLength + ") must be below max_length ("
          + maxLength + ")");
    }
    this.tokenizer = tokenizer;
    this.template = template;
    this.maxLength = maxLength;
    this.maxPromptLength = maxPromptLength;
  }

  public TextTokenizer tokenizer() {
    return tokenizer;
  }

  /** Examples cut by truncation so far (each counted once). */
  public long truncatedCount() {
    return truncated.get();
  }

  /** Prompt tokens only (for generation), truncated from the left like training prompts. */
  public long[] prompt(Text prompt) {
    long[] ids = promptIds(prompt);
    return ids.length > maxPromptLength ? Arrays.copyOfRange(ids, ids.length - maxPromptLength, ids.length) : ids;
  }

  /** Prompt followed by completion, encoded once and cached. */
  EncodedExample encode(Text prompt, Text completion) {
    return cache.computeIfAbsent(List.of(prompt, completion), k -> {
      long[] p = promptIds(prompt);
      long[] c = completionIds(completion);
      boolean cut = false;
      if (p.length > maxPromptLength) {
        p = Arrays.copyOfRange(p, p.length - maxPromptLength, p.length);
        cut = true;
      }
      if (p.length + c.length > maxLength) {
        c = Arrays.copyOf(c, maxLength - p.length);
        cut = true;
      }
      if (cut) truncated.incrementAndGet();
      long[] ids = Arrays.copyOf(p, p.length + c.length);
      System.arraycopy(c, 0, ids, p.length, c.length);
      return new EncodedExample(ids, p.length, cut);
    });
  }

  private long[] promptIds(Text prompt) {
    String text = prompt.isMessages() ? template.renderPrompt(prompt.messages()) : prompt.raw();
    return concat(new long[] {tokenizer.bosId()}, tokenizer.encode(text));
  }

  private long[] completionIds(Text completion) {
    if (completion.isMessages()) {
      List<Message> turns = completion.messages();
      StringBuilder text = new StringBuilder();
      for (Message m : turns) text.append(template.renderCompletion(m.content()));
      return tokenizer.encode(text.toString());
    }
    return concat(tokenizer.encode(completion.raw()), new long[] {tokenizer.eosId()});
  }

  private static long[] concat(long[] a, long[] b) {
    long[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
