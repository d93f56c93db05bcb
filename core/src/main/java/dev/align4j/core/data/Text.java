package dev.align4j.core.data;

import com.google.common.base.Preconditions;
import com.google.common.collect.ImmutableList;
import java.util.List;

/**
 * A prompt or completion as the data gives it: either raw text (hh-rlhf dialogue strings, plain
 * prompt/chosen/rejected columns) or a list of chat messages (ultrafeedback_binarized), which a modality
 * renders with its chat template.
 */
public record Text(String raw, List<Message> messages) {
  public Text {
    Preconditions.checkArgument((raw == null) != (messages == null), "exactly one of raw text or messages");
    messages = messages == null ? null : ImmutableList.copyOf(messages);
  }

  public static Text raw(String text) {
    return new Text(text, null);
  }

  public static Text messages(List<Message> messages) {
    return new Text(null, messages);
  }

  public boolean isMessages() {
    return messages != null;
  }

  /** True when there is nothing to train on (empty string, no messages, or only empty contents). */
  public boolean isEmpty() {
    if (raw != null) return raw.isEmpty();
    return messages.stream().allMatch(m -> m.content().isEmpty());
  }

  /** Like {@link #isEmpty}, but whitespace-only text counts as empty too. */
  public boolean isBlank() {
    if (raw != null) return raw.isBlank();
    return messages.stream().allMatch(m -> m.content().isBlank());
  }
}
