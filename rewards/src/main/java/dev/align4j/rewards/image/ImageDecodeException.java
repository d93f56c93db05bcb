package dev.align4j.rewards.image;

import dev.align4j.core.util.UserError;

/**
 * The bytes are not an image we can decode (empty, truncated, corrupt, or an unsupported format). A user's
 * mistake, not our bug: the message is one line, and the scoring service answers it with a client error.
 */
public class ImageDecodeException extends UserError {
  public ImageDecodeException(String message) {
    super(message);
  }

  public ImageDecodeException(String message, Throwable cause) {
    super(message, cause);
  }
}
