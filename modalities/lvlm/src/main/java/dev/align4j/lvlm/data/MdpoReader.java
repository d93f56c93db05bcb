package dev.align4j.lvlm.data;

import com.fasterxml.jackson.databind.JsonNode;
import dev.align4j.core.data.BadField;
import dev.align4j.core.data.JsonFields;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * mDPO's pair files (multimodal.md section 3.1: {@code data/vlfeedback_llava_10k.json}, whose layout many forks'
 * code reads): a JSON list (or JSON lines) of {@code {"prompt", "chosen", "rejected", "img_path"}}, one image per
 * row, its path relative to an image folder (mDPO's {@code merged_images/}), by default the file's own. The prompt
 * may hold one {@code <image>} or none (the image then comes first). Other fields are kept as
 * {@link ImagePair#extra}; an {@code id} field, when present, as the id.
 */
public final class MdpoReader {
  private static final Set<String> KNOWN = Set.of("id", "img_path", "prompt", "chosen", "rejected");

  private MdpoReader() {}

  /** The pairs of {@code file}, images relative to its folder. */
  public static FileRows<ImagePair> read(Path file, boolean skipBadRows) {
    return read(file, null, skipBadRows, Long.MAX_VALUE);
  }

  /**
   * The pairs of the first {@code maxRows} rows of {@code file}.
   *
   * @param imageDir the folder image paths are relative to; null for the file's
   */
  public static FileRows<ImagePair> read(Path file, Path imageDir, boolean skipBadRows, long maxRows) {
    Path dir = imageDir != null ? imageDir : file.toAbsolutePath().normalize().getParent();
    return JsonRows.read(file, skipBadRows, maxRows, "pairs", (row, where) -> pair(row, where, dir));
  }

  private static ImagePair pair(JsonNode row, String where, Path dir) throws BadField {
    Path image = JsonFields.file(row, "img_path", dir, "image");
    String prompt = JsonFields.text(row, "prompt");
    ImageFields.checkPlaceholders(prompt, "prompt", 1, "img_path");
    String chosen = JsonFields.text(row, "chosen");
    String rejected = JsonFields.text(row, "rejected");
    if (chosen.equals(rejected)) throw new BadField("rejected", "the same as chosen");
    return new ImagePair(MiaDpoReader.id(row), prompt, List.of(image), chosen, rejected, where,
        ImageFields.extra(row, KNOWN));
  }
}
