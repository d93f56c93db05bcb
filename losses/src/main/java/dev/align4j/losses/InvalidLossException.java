package dev.align4j.losses;

/**
 * A loss was asked for something it cannot do: an unknown name or parameter, a value out of range, or
 * inputs it needs but did not get. The message is one line meant for the user.
 */
public class InvalidLossException extends IllegalArgumentException {
  public InvalidLossException(String message) {
    super(message);
  }
}
