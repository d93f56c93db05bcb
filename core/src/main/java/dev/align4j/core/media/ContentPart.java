package dev.align4j.core.media;

/**
 * One part of a chat message's content, as OpenAI-style chat formats have them: text, or a media item
 * (image, video, audio). Reward models score parts; judges send them.
 */
public sealed interface ContentPart permits TextPart, Media {
  /** What a part holds; reward models say which kinds they score. */
  enum Kind {
    TEXT, IMAGE, VIDEO, AUDIO;

    /** The lower-case name used in messages ({@code image}, {@code video}, ...). */
    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The name for many ({@code images}, {@code videos}, {@code audio}, {@code text}). */
    public String plural() {
      return this == IMAGE || this == VIDEO ? label() + "s" : label();
    }
  }

  /** The kind of this part. */
  Kind kind();

  /** A text part. */
  static TextPart text(String text) {
    return new TextPart(text);
  }
}
