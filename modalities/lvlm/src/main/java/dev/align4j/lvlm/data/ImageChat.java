package dev.align4j.lvlm.data;

import com.google.common.base.Preconditions;
import dev.align4j.core.data.Message;
import dev.align4j.core.media.Image;
import dev.align4j.core.media.TextPart;
import dev.align4j.lvlm.ImagePrompts;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A conversation about images, as LLaVA's instruction data gives it: turns from {@code human} and {@code gpt} in
 * turn, the first from the human, with one {@code <image>} placeholder per image across the turns (one image may
 * have none: it comes first in the first turn). Images are decoded on demand ({@link #loadImages()}).
 *
 * @param id the row's {@code id}, or null when it has none
 * @param images the image files in placeholder order; empty for a text-only conversation
 * @param source the file and row it came from
 */
public record ImageChat(String id, List<Path> images, List<Turn> turns, String source) {
  /** One turn: who speaks ({@code human} or {@code gpt}) and what. */
  public record Turn(String from, String value) {
    public Turn {
      Preconditions.checkArgument(from.equals(HUMAN) || from.equals(GPT), "a turn is from human or gpt, not %s", from);
      Preconditions.checkNotNull(value, "value");
    }

    /** The chat role: {@code user} for the human, {@code assistant} for gpt. */
    public String role() {
      return from.equals(HUMAN) ? "user" : "assistant";
    }
  }

  /** LLaVA's names of the two speakers. */
  public static final String HUMAN = "human";
  public static final String GPT = "gpt";

  public ImageChat {
    images = List.copyOf(images);
    turns = List.copyOf(turns);
    Preconditions.checkArgument(!turns.isEmpty(), "a conversation has turns");
    int placeholders = turns.stream().mapToInt(t -> ImagePrompts.count(t.value())).sum();
    Preconditions.checkArgument(images.isEmpty() ? placeholders == 0 : ImagePrompts.fits(placeholders, images.size()),
        "%s placeholders for %s images", placeholders, images.size());
  }

  /** The images, decoded; an unreadable one is one line naming the row, the image and the file. */
  public List<Image> loadImages() {
    return ImageFields.load(images, source);
  }

  /** The conversation as chat turns, each placeholder replaced by its image ({@code decoded} in order). */
  public List<Message> messages(List<Image> decoded) {
    Preconditions.checkArgument(decoded.size() == images.size(), "%s images for %s files", decoded.size(),
        images.size());
    int placeholders = turns.stream().mapToInt(t -> ImagePrompts.count(t.value())).sum();
    List<Message> out = new ArrayList<>(turns.size());
    int next = 0;
    for (int i = 0; i < turns.size(); i++) {
      Turn t = turns.get(i);
      if (i == 0 && placeholders == 0 && decoded.size() == 1) {
        out.add(new Message(t.role(), ImagePrompts.parts(t.value(), decoded)));
        next = 1;
        continue;
      }
      int n = ImagePrompts.count(t.value());
      if (n == 0) {
        out.add(new Message(t.role(), List.of(new TextPart(t.value()))));
      } else {
        out.add(new Message(t.role(), ImagePrompts.parts(t.value(), decoded.subList(next, next + n))));
        next += n;
      }
    }
    return out;
  }
}
