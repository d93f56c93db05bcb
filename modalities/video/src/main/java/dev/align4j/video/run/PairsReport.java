package dev.align4j.video.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.align4j.video.pairs.ClipPair;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * One JSON line per pair (caption, builder or {@code data}, the perturbation of a perturbed pair, the file and row
 * of a pair read from data, weight, both clips' checker scores, null where not scored): what the run trained on.
 */
final class PairsReport {
  private static final ObjectMapper JSON = JsonMapper.builder().build();

  private PairsReport() {}

  static void write(List<ClipPair> pairs, Path file) {
    StringBuilder s = new StringBuilder();
    for (ClipPair p : pairs) {
      ObjectNode row = JSON.createObjectNode();
      row.put("caption", p.caption());
      row.put("builder", p.origin().key());
      if (p.origin().perturbation() != null) row.put("perturbation", p.origin().perturbation().key());
      if (p.origin().source() != null) row.put("source", p.origin().source());
      row.put("weight", p.weight());
      row.set("winner", JSON.valueToTree(p.winnerScore()));
      row.set("loser", JSON.valueToTree(p.loserScore()));
      s.append(row).append('\n');
    }
    try {
      Files.createDirectories(file.getParent());
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      Files.writeString(tmp, s, StandardCharsets.UTF_8);
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
