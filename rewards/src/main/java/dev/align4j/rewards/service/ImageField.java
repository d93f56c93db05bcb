package dev.align4j.rewards.service;

import dev.align4j.core.media.Image;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** Decodes the base64 images of a request; a bad one is a 400 naming its index. */
final class ImageField {
  private ImageField() {}

  /** Decodes every image, in order. Accepts plain base64 or a {@code data:image/...;base64,} URL. */
  static List<Image> decodeAll(List<String> encoded, ImageDecoding decoder) {
    List<Image> images = new ArrayList<>(encoded.size());
    for (int i = 0; i < encoded.size(); i++) images.add(decode(i, encoded.get(i), decoder));
    return images;
  }

  private static Image decode(int index, String text, ImageDecoding decoder) {
    String where = "images[" + index + "]";
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(stripDataUrl(text));
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest(where + " is not valid base64 (" + e.getMessage() + ")");
    }
    if (bytes.length == 0) throw ApiException.badRequest(where + " is empty");
    try {
      return decoder.decode(bytes);
    } catch (BadImageException | RuntimeException e) {
      throw ApiException.badRequest(where + " could not be decoded as an image: " + e.getMessage());
    }
  }

  private static String stripDataUrl(String text) {
    if (!text.startsWith("data:")) return text;
    int comma = text.indexOf(',');
    return comma < 0 ? text : text.substring(comma + 1);
  }
}
