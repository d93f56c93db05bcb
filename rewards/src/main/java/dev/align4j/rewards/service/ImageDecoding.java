package dev.align4j.rewards.service;

import dev.align4j.core.media.Image;

/** Turns the bytes of an encoded image (PNG, JPEG, ...) sent by a client into pixels. */
public interface ImageDecoding {
  /**
   * Decodes one image.
   *
   * @throws BadImageException when the bytes are not an image this decoder reads
   */
  Image decode(byte[] bytes) throws BadImageException;
}
