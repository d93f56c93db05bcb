package dev.align4j.lvlm;

import com.google.common.base.Preconditions;
import dev.align4j.core.media.ContentPart;
import dev.align4j.core.media.Image;
import dev.align4j.core.media.TextPart;
import java.util.ArrayList;
import java.util.List;

/**
 * LLaVA's prompt convention: the literal {@code <image>} marks where each image goes, in order. A prompt with one
 * image and no placeholder has the image first (LLaVA's and MIA-DPO's loaders prepend {@code "<image>\n"} then).
 */
public final class ImagePrompts {
  /** The placeholder. */
  public static final String IMAGE = "<image>";

  private ImagePrompts() {}

  /** How many placeholders {@code text} holds. */
  public static int count(String text) {
    int n = 0;
    for (int at = text.indexOf(IMAGE); at >= 0; at = text.indexOf(IMAGE, at + IMAGE.length())) n++;
    return n;
  }

  /** Whether a text with {@code placeholders} placeholders fits {@code images} images (one image may have none). */
  public static boolean fits(int placeholders, int images) {
    return placeholders == images || (images == 1 && placeholders == 0);
  }

  /** Why the placeholders do not fit the images ("3 <image> placeholders for 2 images"), or null when they fit. */
  public static String mismatch(int placeholders, int images) {
    if (fits(placeholders, images)) return null;
    return placeholders + " " + IMAGE + " placeholder" + (placeholders == 1 ? "" : "s") + " for " + images + " image"
        + (images == 1 ? "" : "s");
  }

  /**
   * The text as chat content parts: each placeholder replaced by its image, text between them as text parts (empty
   * ones left out); one image without a placeholder comes first.
   */
  public static List<ContentPart> parts(String text, List<Image> images) {
    int placeholders = count(text);
    Preconditions.checkArgument(fits(placeholders, images.size()), "%s", mismatch(placeholders, images.size()));
    List<ContentPart> parts = new ArrayList<>();
    if (placeholders == 0 && images.size() == 1) {
      parts.add(images.get(0));
      if (!text.isEmpty()) parts.add(new TextPart(text));
      return parts;
    }
    int from = 0;
    for (Image image : images) {
      int at = text.indexOf(IMAGE, from);
      if (at > from) parts.add(new TextPart(text.substring(from, at)));
      parts.add(image);
      from = at + IMAGE.length();
    }
    if (from < text.length()) parts.add(new TextPart(text.substring(from)));
    return parts;
  }
}
