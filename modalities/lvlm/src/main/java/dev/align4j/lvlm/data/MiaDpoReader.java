package dev.align4j.lvlm.data;

import com.fasterxml.jackson.databind.JsonNode;
import dev.align4j.core.data.BadField;
import dev.align4j.core.data.JsonFields;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * MIA-DPO's pair files (multimodal.md section 3.1; Liuziyu77/MIA-DPO, the DPO loader of
 * {@code LLaVA-Hound-DPO/llava_hound_dpo/dpo_scripts/run_dpo.py}, read at e280d47): a JSON list (or JSON lines) of
 * {@code {"id", "image": path | [paths], "prompt", "chosen", "rejected"}}, the prompt holding one {@code <image>}
 * per image ({@code "Image1:<image>\nImage2:<image>\nIn Image2, ..."} for a sequence). Paths are relative to an
 * image folder, by default the file's own. Other fields ({@code gt}, provenance) are kept as {@link ImagePair#extra}.
 *
 * <p>Where this reader is stricter than the released loader: the loader replaces every placeholder of a single-image
 * row by one leading {@code <image>\n}, and leaves a list row's prompt as it is; here a prompt must hold exactly one
 * placeholder per image (a single image may have none), and a row whose placeholders do not fit, whose image file is
 * missing, or whose chosen equals its rejected answer is a bad row (the loader moves on to a random other row).
 */
public final class MiaDpoReader {
  private static final Set<String> KNOWN = Set.of("id", "image", "prompt", "chosen", "rejected");

  private MiaDpoReader() {}

  /** The pairs of {@code file}, images relative to its folder. */
  public static FileRows<ImagePair> read(Path file, boolean skipBadRows) {
    return read(file, null, skipBadRows, Long.MAX_VALUE);
  }

  /**
   * The pairs of the first {@code maxRows} rows of {@code file}.
   *
   * @param imageDir the folder image paths are relative to (MIA-DPO's {@code image_folder}); null for the file's
   * @param skipBadRows skip and count bad rows instead of stopping at the first
   */
  public static FileRows<ImagePair> read(Path file, Path imageDir, boolean skipBadRows, long maxRows) {
    Path dir = imageDir != null ? imageDir : file.toAbsolutePath().normalize().getParent();
    return JsonRows.read(file, skipBadRows, maxRows, "pairs", (row, where) -> pair(row, where, dir));
  }

  private static ImagePair pair(JsonNode row, String where, Path dir) throws BadField {
    List<Path> images = ImageFields.paths(row, "image", dir, false);
    String prompt = JsonFields.text(row, "prompt");
    ImageFields.checkPlaceholders(prompt, "prompt", images.size(), "image");
    String chosen = JsonFields.text(row, "chosen");
    String rejected = JsonFields.text(row, "rejected");
    if (chosen.equals(rejected)) throw new BadField("rejected", "the same as chosen");
    return new ImagePair(id(row), prompt, images, chosen, rejected, where, ImageFields.extra(row, KNOWN));
  }

  /** The row's id, a string or a number; null when absent. */
  static String id(JsonNode row) throws BadField {
    JsonNode v = row.get("id");
    if (v == null || v.isNull()) return null;
    if (!v.isTextual() && !v.isIntegralNumber()) {
      throw new BadField("id", "expected a string or an integer, got " + JsonFields.describe(v));
    }
    return v.asText();
  }
}
