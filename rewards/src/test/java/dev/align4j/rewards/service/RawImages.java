package dev.align4j.rewards.service;

import dev.align4j.core.media.Image;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.Random;

/**
 * A trivial image format for tests, decoded by a fake {@link ImageDecoding}: {@code "RAW8"}, width and height
 * as unsigned shorts, then the RGB bytes.
 */
final class RawImages implements ImageDecoding {
  private static final byte[] MAGIC = {'R', 'A', 'W', '8'};

  @Override
  public Image decode(byte[] bytes) throws BadImageException {
    if (bytes.length < 8 || bytes[0] != MAGIC[0] || bytes[1] != MAGIC[1] || bytes[2] != MAGIC[2]
        || bytes[3] != MAGIC[3]) {
      throw new BadImageException("not a RAW8 image");
    }
    ByteBuffer buffer = ByteBuffer.wrap(bytes);
    buffer.position(4);
    int width = buffer.getShort() & 0xffff;
    int height = buffer.getShort() & 0xffff;
    if (width == 0 || height == 0 || bytes.length != 8 + width * height * 3) {
      throw new BadImageException("truncated RAW8 image (" + width + "x" + height + ", " + bytes.length + " bytes)");
    }
    byte[] rgb = new byte[width * height * 3];
    buffer.get(rgb);
    return new Image(width, height, rgb);
  }

  static byte[] encode(Image image) {
    ByteBuffer buffer = ByteBuffer.allocate(8 + image.rgb().length);
    buffer.put(MAGIC).putShort((short) image.width()).putShort((short) image.height()).put(image.rgb());
    return buffer.array();
  }

  static String base64(Image image) {
    return Base64.getEncoder().encodeToString(encode(image));
  }

  /** A random image from a seed. */
  static Image random(long seed, int width, int height) {
    byte[] rgb = new byte[width * height * 3];
    new Random(seed).nextBytes(rgb);
    return new Image(width, height, rgb);
  }
}
