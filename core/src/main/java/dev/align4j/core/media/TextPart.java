package dev.align4j.core.media;

import com.google.common.base.Preconditions;

/** A text part of a message (a {@code {"type": "text"}} part), or a text response to be scored. */
public record TextPart(String text) implements ContentPart {
  public TextPart {
    Preconditions.checkNotNull(text, "text");
  }

  /** Each string as a text part (text responses to score). */
  public static java.util.List<TextPart> all(java.util.List<String> texts) {
    return texts.stream().map(TextPart::new).toList();
  }

  @Override
  public Kind kind() {
    return Kind.TEXT;
  }
}
