package dev.align4j.lvlm.data;

import com.google.common.base.Preconditions;
import com.google.common.collect.ImmutableMap;
import dev.align4j.core.data.Message;
import dev.align4j.core.media.Image;
import dev.align4j.lvlm.ImagePrompts;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A preference pair on a prompt with images, as MIA-DPO's and mDPO's files give it: the prompt text with one
 * {@code <image>} placeholder per image (one image may have none: it comes first), the image files in order, and the
 * chosen and rejected answers. Images are decoded on demand ({@link #loadImages()}), not when the file is read.
 *
 * @param id the row's {@code id}, or null when the layout has none
 * @param source the file and row it came from ({@code pairs.json[3]}, {@code pairs.jsonl:4})
 * @param extra the row's other fields (MIA-DPO's {@code gt}, the collage world's provenance), strings as they are
 *     and anything else as JSON text
 */
public record ImagePair(String id, String prompt, List<Path> images, String chosen, String rejected, String source,
    Map<String, String> extra) {
  public ImagePair {
    images = List.copyOf(images);
    extra = ImmutableMap.copyOf(extra);
    Preconditions.checkArgument(ImagePrompts.fits(ImagePrompts.count(prompt), images.size()), "%s",
        ImagePrompts.mismatch(ImagePrompts.count(prompt), images.size()));
  }

  /** The images, decoded; an unreadable one is one line naming the row, the image and the file. */
  public List<Image> loadImages() {
    return ImageFields.load(images, source);
  }

  /** The prompt as a user turn, each placeholder replaced by its image ({@code images} in order). */
  public Message promptMessage(List<Image> decoded) {
    return new Message("user", ImagePrompts.parts(prompt, decoded));
  }
}
