package dev.align4j.rewards.judge;

import com.google.common.base.Preconditions;
import dev.align4j.rewards.RgbImage;

/** One part of a user message: text, or an image (sent as a PNG data URL). */
public sealed interface ContentPart {
  static ContentPart text(String text) {
    return new Text(text);
  }

  static ContentPart image(RgbImage image) {
    return new Image(image);
  }

  /** A {@code {"type": "text"}} part. */
  record Text(String text) implements ContentPart {
    public Text {
      Preconditions.checkNotNull(text, "text");
    }
  }

  /** An {@code {"type": "image_url"}} part. */
  record Image(RgbImage image) implements ContentPart {
    public Image {
      Preconditions.checkNotNull(image, "image");
    }
  }
}
