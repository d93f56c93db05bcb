package dev.align4j.rewards.judge;

/** A judge request failed: transport error, HTTP error status, or a response that is not chat-completions JSON. */
public class JudgeException extends RuntimeException {
  private final int status;

  public JudgeException(String message, int status, Throwable cause) {
    super(message, cause);
    this.status = status;
  }

  public JudgeException(String message, int status) {
    this(message, status, null);
  }

  /** The HTTP status of the failed response, or 0 when there was none (connection error, timeout). */
  public int status() {
    return status;
  }
}
