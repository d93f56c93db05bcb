package dev.align4j.core.media;

import dev.align4j.core.util.UserError;

/**
 * The bytes are not media we can decode (empty, truncated, corrupt, or an unsupported format). A user's
 * mistake, not our bug: the message is one line, and the scoring service answers it with a client error.
 */
public class MediaDecodeException extends UserError {
  public MediaDecodeException(String message) {
    super(message);
  }

  public MediaDecodeException(String message, Throwable cause) {
    super(message, cause);
  }
}
