package dev.align4j.rewards.service;

/** The bytes sent for an image could not be decoded; the client gets a 400 naming the image. */
public class BadImageException extends Exception {
  public BadImageException(String message) {
    super(message);
  }

  public BadImageException(String message, Throwable cause) {
    super(message, cause);
  }
}
