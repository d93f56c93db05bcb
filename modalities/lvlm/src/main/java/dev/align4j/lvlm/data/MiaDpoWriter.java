package dev.align4j.lvlm.data;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.align4j.core.media.Image;
import dev.align4j.core.media.MediaCodec;
import dev.align4j.core.shapes.Caption;
import dev.align4j.core.util.FileTrees;
import dev.align4j.core.util.UserError;
import dev.align4j.lvlm.world.CollageItem;
import dev.align4j.lvlm.world.CollagePair;
import dev.align4j.lvlm.world.Panel;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes collage pairs as MIA-DPO's pair files, which {@link MiaDpoReader} (and MIA-DPO's own loader, with
 * {@code image_folder} set to the folder) reads back: in one folder, a JSON list per section ({@code train.json},
 * {@code eval.json}; none for an empty section), one row per line, of {@code id}, {@code image} (a list of PNG paths
 * relative to the file, {@code images/<section>-NNNNNN-K.png}, K from 1, even for one composed image), {@code prompt},
 * {@code chosen}, {@code rejected} and {@code gt} (the ground truth, as MIA-DPO's output carries it), then
 * provenance: {@code selection} ({@code known_confusion}: the world built the rejected answer, no model did),
 * {@code rejected_kind} ({@code sequence_confusion} or {@code hallucination}), {@code confused_with} (the picture the
 * rejected answer is about, from 1; null otherwise), {@code format}, {@code attribute}, {@code question},
 * {@code referred} (the picture asked about, from 1), {@code captions} and {@code picture_seeds} (every picture's
 * scene and seed, enough to draw the images again) and {@code seed} (the section's). The folder is written beside
 * its destination and renamed into place, replacing an existing one only once complete.
 */
public final class MiaDpoWriter {
  /** The images' folder inside the dataset. */
  public static final String IMAGES = "images";
  /** The {@code selection} of pairs whose rejected answer the world built from its known confusions. */
  public static final String KNOWN_CONFUSION = "known_confusion";
  private static final ObjectMapper JSON = JsonMapper.builder().build();

  /**
   * One section of the dataset.
   *
   * @param name the file's name without {@code .json} ({@code train}, {@code eval})
   * @param seed the seed its items and pairs were built from, as provenance
   */
  public record Section(String name, List<CollagePair> pairs, long seed) {}

  private MiaDpoWriter() {}

  /**
   * Writes {@code sections} into {@code dir}.
   *
   * @return each non-empty section's JSON file, by name
   */
  public static Map<String, Path> write(Path dir, List<Section> sections) {
    Path target = dir.toAbsolutePath().normalize();
    Map<String, Path> files = new LinkedHashMap<>();
    try {
      FileTrees.writeFolder(target, tmp -> {
        Files.createDirectories(tmp.resolve(IMAGES));
        for (Section s : sections) {
          if (s.pairs().isEmpty()) continue;
          writeSection(tmp, s);
          files.put(s.name(), target.resolve(s.name() + ".json"));
        }
      });
    } catch (IOException e) {
      throw new UserError(target + ": cannot write the pairs: " + e.getMessage());
    }
    return files;
  }

  private static void writeSection(Path dir, Section section) throws IOException {
    try (Writer out = Files.newBufferedWriter(dir.resolve(section.name() + ".json"), StandardCharsets.UTF_8)) {
      out.write("[\n");
      for (int i = 0; i < section.pairs().size(); i++) {
        CollagePair p = section.pairs().get(i);
        CollageItem item = p.item();
        ObjectNode row = JSON.createObjectNode();
        row.put("id", item.id());
        ArrayNode images = row.putArray("image");
        for (int k = 0; k < item.images().size(); k++) {
          String name = String.format(Locale.ROOT, "%s/%s-%06d-%d.png", IMAGES, section.name(), i, k + 1);
          Image image = item.images().get(k);
          Files.write(dir.resolve(name), MediaCodec.encodePng(image));
          images.add(name);
        }
        row.put("prompt", item.prompt());
        row.put("chosen", p.chosen());
        row.put("rejected", p.rejected());
        row.put("gt", item.answer());
        row.put("selection", KNOWN_CONFUSION);
        row.put("rejected_kind", p.kind().key());
        if (p.confusedWith() >= 0) {
          row.put("confused_with", p.confusedWith() + 1);
        } else {
          row.putNull("confused_with");
        }
        row.put("format", item.format().key());
        row.put("attribute", item.question().attribute().key());
        row.put("question", item.question().text());
        row.put("referred", item.referred() + 1);
        ArrayNode captions = row.putArray("captions");
        ArrayNode seeds = row.putArray("picture_seeds");
        for (Panel panel : item.panels()) {
          captions.add(Caption.of(panel.scene()));
          seeds.add(panel.seed());
        }
        row.put("seed", section.seed());
        out.write(JSON.writeValueAsString(row));
        out.write(i + 1 < section.pairs().size() ? ",\n" : "\n");
      }
      out.write("]\n");
    }
  }
}
