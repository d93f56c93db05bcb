package dev.align4j.lvlm.data;

import com.fasterxml.jackson.databind.JsonNode;
import dev.align4j.core.data.BadField;
import dev.align4j.core.data.JsonFields;
import dev.align4j.lvlm.ImagePrompts;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * LLaVA's conversation files (LLaVA-665k's {@code llava_v1_5_mix665k.json}, and the multi-image variants MIA-DPO
 * builds from it): a JSON list (or JSON lines) of {@code {"id", "image": path | [paths] (absent for text-only
 * rows), "conversations": [{"from": "human" | "gpt", "value"}, ...]}}, turns alternating from the human, one
 * {@code <image>} per image across the turns (a single image may have none). Paths are relative to an image folder,
 * by default the file's own.
 */
public final class LlavaReader {
  private LlavaReader() {}

  /** The conversations of {@code file}, images relative to its folder. */
  public static FileRows<ImageChat> read(Path file, boolean skipBadRows) {
    return read(file, null, skipBadRows, Long.MAX_VALUE);
  }

  /**
   * The conversations of the first {@code maxRows} rows of {@code file}.
   *
   * @param imageDir the folder image paths are relative to (LLaVA's {@code image_folder}); null for the file's
   */
  public static FileRows<ImageChat> read(Path file, Path imageDir, boolean skipBadRows, long maxRows) {
    Path dir = imageDir != null ? imageDir : file.toAbsolutePath().normalize().getParent();
    return JsonRows.read(file, skipBadRows, maxRows, "conversations", (row, where) -> chat(row, where, dir));
  }

  private static ImageChat chat(JsonNode row, String where, Path dir) throws BadField {
    List<Path> images = ImageFields.paths(row, "image", dir, true);
    JsonNode conv = row.get("conversations");
    if (conv == null || conv.isNull()) throw new BadField("conversations", "missing");
    if (!conv.isArray()) {
      throw new BadField("conversations", "expected a list of turns, got " + JsonFields.describe(conv));
    }
    if (conv.isEmpty()) throw new BadField("conversations", "an empty list");
    List<ImageChat.Turn> turns = new ArrayList<>(conv.size());
    int placeholders = 0;
    for (int i = 0; i < conv.size(); i++) {
      JsonNode t = conv.get(i);
      String at = "conversations[" + i + "]";
      if (!t.isObject()) throw new BadField(at, "expected {from, value}, got " + JsonFields.describe(t));
      String from;
      String value;
      try {
        from = JsonFields.text(t, "from");
        value = JsonFields.text(t, "value");
      } catch (BadField e) {
        throw new BadField(at + "." + e.field(), e.problem());
      }
      String expected = i % 2 == 0 ? ImageChat.HUMAN : ImageChat.GPT;
      if (!from.equals(expected)) {
        throw new BadField(at + ".from", "expected '" + expected + "' (turns alternate from the human), got '" + from
            + "'");
      }
      placeholders += ImagePrompts.count(value);
      turns.add(new ImageChat.Turn(from, value));
    }
    if (images.isEmpty() && placeholders > 0) {
      throw new BadField("conversations", placeholders + " " + ImagePrompts.IMAGE + " placeholder"
          + (placeholders == 1 ? "" : "s") + " but no 'image'");
    }
    String problem = images.isEmpty() ? null : ImagePrompts.mismatch(placeholders, images.size());
    if (problem != null) throw new BadField("conversations", problem + " in 'image'");
    return new ImageChat(MiaDpoReader.id(row), images, turns, where);
  }
}
