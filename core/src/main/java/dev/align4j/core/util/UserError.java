package dev.align4j.core.util;

/**
 * A mistake in what the user gave us (a missing file, a bad field, an out-of-range value). The CLI prints
 * its message as one line and exits with code 2; stack traces are kept for our own bugs.
 */
public class UserError extends RuntimeException {
  public static final int EXIT_CODE = 2;

  public UserError(String message) {
    super(message);
  }

  public UserError(String message, Throwable cause) {
    super(message, cause);
  }
}
