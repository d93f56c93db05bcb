package dev.align4j.video.data;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.align4j.core.media.MediaCodec;
import dev.align4j.core.util.FileTrees;
import dev.align4j.core.util.UserError;
import dev.align4j.video.pairs.ClipPair;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes clip pairs as a dataset that {@code data:} reads back ({@link PickapicVideoReader}): in one folder, a
 * JSONL file per split ({@code train.jsonl}, {@code eval.jsonl}; none for an empty split) of Pick-a-Pic-style rows
 * {@code caption}, {@code video_0} (the winner), {@code video_1} (the loser), {@code label_0} (always 1.0),
 * {@code weight}, with MP4 paths relative to the file ({@code videos/<split>-NNNNNN-0.mp4} and {@code -1.mp4}:
 * H.264 through core's {@link MediaCodec} at the clips' frame rate, frames enlarged {@link #ZOOM} times, nearest
 * neighbour, so that 4:2:0 chroma keeps a colour sample per pixel and area averaging ({@link ClipResize#fit})
 * gives the clips back), plus provenance:
 * {@code builder} (or {@code data}), {@code perturbation} (perturbed pairs), {@code seed} (the split's pair seed),
 * {@code model} (what drew the samples; null when nothing did), {@code score_0} and {@code score_1} (the checker's
 * scores of each clip, null when not scored). The folder is written beside its destination and renamed into
 * place, replacing an existing one only once complete.
 */
public final class VideoPairsWriter {
  /** The videos' folder inside the dataset. */
  public static final String VIDEOS = "videos";
  /** How many times the frames are enlarged in the MP4 files. */
  public static final int ZOOM = 4;
  private static final ObjectMapper JSON = JsonMapper.builder().build();

  /**
   * One split of the dataset.
   *
   * @param name the file's name without {@code .jsonl} ({@code train}, {@code eval})
   * @param seed the seed its pairs were built from, as provenance
   */
  public record Split(String name, List<ClipPair> pairs, long seed) {}

  private VideoPairsWriter() {}

  /**
   * Writes {@code splits} into {@code dir}.
   *
   * @param model what drew the pairs' samples (a model reference or directory); null when nothing did
   * @return each non-empty split's JSONL file, by split name
   */
  public static Map<String, Path> write(Path dir, List<Split> splits, String model) {
    Path target = dir.toAbsolutePath().normalize();
    Map<String, Path> files = new LinkedHashMap<>();
    try {
      FileTrees.writeFolder(target, tmp -> {
        Files.createDirectories(tmp.resolve(VIDEOS));
        for (Split s : splits) {
          if (s.pairs().isEmpty()) continue;
          writeSplit(tmp, s, model);
          files.put(s.name(), target.resolve(s.name() + ".jsonl"));
        }
      });
    } catch (IOException e) {
      throw new UserError(target + ": cannot write the pairs: " + e.getMessage());
    }
    return files;
  }

  private static void writeSplit(Path dir, Split split, String model) throws IOException {
    try (Writer out = Files.newBufferedWriter(dir.resolve(split.name() + ".jsonl"), StandardCharsets.UTF_8)) {
      for (int i = 0; i < split.pairs().size(); i++) {
        ClipPair p = split.pairs().get(i);
        String stem = String.format("%s/%s-%06d-", VIDEOS, split.name(), i);
        try {
          MediaCodec.writeVideo(ClipResize.enlarge(p.winner(), ZOOM), dir.resolve(stem + "0.mp4"));
          MediaCodec.writeVideo(ClipResize.enlarge(p.loser(), ZOOM), dir.resolve(stem + "1.mp4"));
        } catch (UncheckedIOException e) {
          throw e.getCause();
        }
        ObjectNode row = JSON.createObjectNode();
        row.put("caption", p.caption());
        row.put("video_0", stem + "0.mp4");
        row.put("video_1", stem + "1.mp4");
        row.put("label_0", 1.0);
        row.put("weight", p.weight());
        row.put("builder", p.origin().key());
        if (p.origin().perturbation() != null) row.put("perturbation", p.origin().perturbation().key());
        if (p.origin().source() != null) row.put("source", p.origin().source());
        row.put("seed", split.seed());
        row.put("model", model);
        row.set("score_0", JSON.valueToTree(p.winnerScore()));
        row.set("score_1", JSON.valueToTree(p.loserScore()));
        out.write(JSON.writeValueAsString(row));
        out.write('\n');
      }
    }
  }
}
