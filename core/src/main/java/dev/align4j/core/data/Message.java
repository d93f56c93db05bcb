package dev.align4j.core.data;

import com.google.common.base.Preconditions;
import dev.align4j.core.media.ContentPart;
import dev.align4j.core.media.TextPart;
import java.util.List;
import java.util.stream.Collectors;

/**
 * One chat turn: a role ({@code system}, {@code user}, {@code assistant}) and its content, a list of parts
 * (text, image, video, audio) as OpenAI-style chat formats have it. Text-only turns are one text part.
 */
public record Message(String role, List<ContentPart> parts) {
  public Message {
    Preconditions.checkNotNull(role, "role");
    parts = List.copyOf(parts);
  }

  /** A text-only turn. */
  public Message(String role, String content) {
    this(role, List.of(new TextPart(Preconditions.checkNotNull(content, "content"))));
  }

  /** The text of the turn: its text parts joined in order (media parts have no text). */
  public String content() {
    if (parts.size() == 1 && parts.get(0) instanceof TextPart t) return t.text();
    return parts.stream().filter(p -> p instanceof TextPart).map(p -> ((TextPart) p).text())
        .collect(Collectors.joining());
  }

  /** Whether every part is text. */
  public boolean isTextOnly() {
    return parts.stream().allMatch(p -> p instanceof TextPart);
  }
}
