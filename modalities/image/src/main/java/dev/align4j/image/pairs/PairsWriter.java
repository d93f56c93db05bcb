package dev.align4j.image.pairs;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.align4j.core.media.Image;
import dev.align4j.core.pairs.ConstructedPair;
import dev.align4j.core.util.FileTrees;
import dev.align4j.core.util.UserError;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * Writes constructed image pairs as a dataset in the image modality's paired JSONL format: {@code dir/pairs.jsonl}
 * with one row per pair, {@code {"caption", "chosen", "rejected"}} (PNG paths relative to the file, under
 * {@code images/}), plus provenance: {@code seed} (the candidates' draw seed), {@code model}, {@code model_step},
 * {@code chosen_score}, {@code rejected_score}, {@code candidates}. The whole folder is written next to its
 * destination and renamed into place; an existing folder is replaced only after the new one is complete.
 */
public final class PairsWriter {
  /** The dataset file inside the output folder. */
  public static final String FILE = "pairs.jsonl";

  private PairsWriter() {}

  /** Writes {@code pairs} into {@code dir}; returns the JSONL file. */
  public static Path write(List<ConstructedPair<String, Image>> pairs, Path dir, String modelName, int modelStep) {
    Path target = dir.toAbsolutePath().normalize();
    try {
      FileTrees.writeFolder(target, tmp -> writeInto(pairs, tmp, modelName, modelStep));
    } catch (IOException e) {
      throw new UserError(target + ": cannot write the pairs: " + e.getMessage());
    }
    return target.resolve(FILE);
  }

  private static void writeInto(List<ConstructedPair<String, Image>> pairs, Path dir, String modelName, int modelStep)
      throws IOException {
    Path images = Files.createDirectories(dir.resolve("images"));
    ObjectMapper json = new ObjectMapper();
    try (Writer out = Files.newBufferedWriter(dir.resolve(FILE), StandardCharsets.UTF_8)) {
      for (int i = 0; i < pairs.size(); i++) {
        ConstructedPair<String, Image> p = pairs.get(i);
        String chosen = String.format("images/%06d_chosen.png", i);
        String rejected = String.format("images/%06d_rejected.png", i);
        png(p.chosen(), images.resolve(chosen.substring("images/".length())));
        png(p.rejected(), images.resolve(rejected.substring("images/".length())));
        ObjectNode row = json.createObjectNode();
        row.put("caption", p.prompt());
        row.put("chosen", chosen);
        row.put("rejected", rejected);
        row.put("seed", p.seed());
        row.put("model", modelName);
        row.put("model_step", modelStep);
        row.put("chosen_score", p.chosenScore());
        row.put("rejected_score", p.rejectedScore());
        row.put("candidates", p.candidates());
        out.write(json.writeValueAsString(row));
        out.write('\n');
      }
    }
  }

  /** Lossless 8-bit RGB PNG. */
  static void png(Image image, Path file) throws IOException {
    BufferedImage b = new BufferedImage(image.width(), image.height(), BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < image.height(); y++) {
      for (int x = 0; x < image.width(); x++) {
        b.setRGB(x, y, image.at(x, y, 0) << 16 | image.at(x, y, 1) << 8 | image.at(x, y, 2));
      }
    }
    if (!ImageIO.write(b, "png", file.toFile())) throw new IOException("no PNG writer");
  }
}
