package dev.align4j.text;

import com.google.common.base.Preconditions;
import com.google.common.collect.ImmutableList;
import dev.align4j.core.data.Message;
import dev.align4j.core.util.UserError;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Renders chat messages into the text a causal LM reads. Each message becomes
 * {@code header(role) + content + footer}; the generation prompt is the assistant's header.
 *
 * <p>The property the text modality relies on: for a prompt {@code P} and a completion {@code c},
 * {@code render(P + [assistant: c]) == renderPrompt(P) + renderCompletion(c)}, so the completion's text is
 * exactly the suffix after the prompt and its tokens can be told apart from the prompt's. Tokenize the two
 * parts separately and concatenate the ids: a subword tokenizer may merge across the boundary otherwise.
 */
public final class ChatTemplate {
  /** The assistant's role name. */
  public static final String ASSISTANT = "assistant";

  private static final List<String> BUILT_INS = ImmutableList.of("chatml", "plain");

  private final String name;
  private final Function<String, String> header;
  private final String footer;

  private ChatTemplate(String name, Function<String, String> header, String footer) {
    this.name = name;
    this.header = header;
    this.footer = footer;
  }

  /** ChatML: {@code <|im_start|>{role}\n{content}<|im_end|>\n}; generation prompt {@code <|im_start|>assistant\n}. */
  public static ChatTemplate chatml() {
    return new ChatTemplate("chatml", role -> "<|im_start|>" + role + "\n", "<|im_end|>\n");
  }

  /** Plain text: {@code {Role}: {content}\n}; generation prompt {@code Assistant: }. */
  public static ChatTemplate plain() {
    return new ChatTemplate("plain", role -> capitalize(role) + ": ", "\n");
  }

  /** A custom template: {@code header} maps a role to the text before the content, {@code footer} follows it. */
  public static ChatTemplate of(String name, Function<String, String> header, String footer) {
    Preconditions.checkNotNull(name, "name");
    Preconditions.checkNotNull(header, "header");
    Preconditions.checkNotNull(footer, "footer");
    return new ChatTemplate(name, header, footer);
  }

  /**
   * A built-in template by name.
   *
   * @throws UserError naming the built-ins when {@code name} is none of them
   */
  public static ChatTemplate named(String name) {
    switch (name) {
      case "chatml":
        return chatml();
      case "plain":
        return plain();
      default:
        throw new UserError("unknown chat template '" + name + "'; built-in templates: " + BUILT_INS);
    }
  }

  public String name() {
    return name;
  }

  /** All messages, each with its header and footer; no generation prompt. */
  public String render(List<Message> messages) {
    StringBuilder sb = new StringBuilder();
    for (Message m : messages) {
      sb.append(header.apply(m.role())).append(m.content()).append(footer);
    }
    return sb.toString();
  }

  /** The prompt messages followed by the generation prompt (the assistant's header). */
  public String renderPrompt(List<Message> prompt) {
    return render(prompt) + generationPrompt();
  }

  /** What the model writes after the generation prompt: the content and the footer. */
  public String renderCompletion(String completion) {
    Preconditions.checkNotNull(completion, "completion");
    return completion + footer;
  }

  /** The text that asks the model for an assistant turn. */
  public String generationPrompt() {
    return header.apply(ASSISTANT);
  }

  /** The text closing a turn (ChatML's {@code <|im_end|>\n}); a generation can stop when it appears. */
  public String footer() {
    return footer;
  }

  /**
   * A prompt and a completion, rendered so that the completion text is exactly the suffix of the whole
   * conversation after the prompt text.
   */
  public PromptCompletion renderPair(List<Message> prompt, String completion) {
    return new PromptCompletion(renderPrompt(prompt), renderCompletion(completion));
  }

  /**
   * Like {@link #renderPair(List, String)} for a completion given as messages: all but the last message
   * join the prompt; the last must be the assistant's.
   */
  public PromptCompletion renderPair(List<Message> prompt, List<Message> completion) {
    Preconditions.checkArgument(!completion.isEmpty(), "empty completion");
    Message last = completion.get(completion.size() - 1);
    if (!ASSISTANT.equals(last.role())) {
      throw new UserError("the completion's last message has role '" + last.role() + "', expected '" + ASSISTANT + "'");
    }
    List<Message> all = new ArrayList<>(prompt);
    all.addAll(completion.subList(0, completion.size() - 1));
    return renderPair(all, last.content());
  }

  private static String capitalize(String role) {
    if (role.isEmpty()) return role;
    return role.substring(0, 1).toUpperCase(Locale.ROOT) + role.substring(1);
  }

  @Override
  public String toString() {
    return "ChatTemplate[" + name + "]";
  }

  /** A rendered prompt and the completion that follows it; {@link #text()} is their concatenation. */
  public record PromptCompletion(String prompt, String completion) {
    public PromptCompletion {
      Preconditions.checkNotNull(prompt, "prompt");
      Preconditions.checkNotNull(completion, "completion");
    }

    public String text() {
      return prompt + completion;
    }
  }
}
