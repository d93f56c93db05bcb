package dev.align4j.video.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.common.base.Preconditions;
import dev.align4j.core.data.BadField;
import dev.align4j.core.data.BadRows;
import dev.align4j.core.data.JsonFields;
import dev.align4j.core.util.UserError;
import dev.align4j.video.pairs.DupFactor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

/**
 * VideoDPO's dataset layout (multimodal.md section 1.2; CIntellifusion/VideoDPO {@code data/video_data.py},
 * {@code TextVideo._make_dataset} and {@code TextVideoDPO}): one directory (a {@code META} entry of its data
 * YAML) holding
 *
 * <ul>
 *   <li>{@code metadata.json}: a list of {@code {"basic": {"clip_path", "clip_duration"}, "misc":
 *       {"frame_caption": [str, ...]}}}; clips shorter than {@code clip_length} seconds are dropped, and
 *       {@code clip_path} is relative to the directory (or absolute);
 *   <li>{@code pair.json}: a list of {@code {"video1": winner, "video2": loser, "frame_caption": str | [str,
 *       ...], "score": float (optional)}}, where the indices count the clips <em>kept</em> by that filter, not the
 *       entries of metadata.json, and a list caption means its first element.
 * </ul>
 *
 * <p>Each pair's weight is VideoDPO's {@code dupfactor}, {@code (c / score) ^ dupbeta} ({@link DupFactor}), when
 * dupbeta is not 0 and the pair has a score; otherwise it has none (weight 1). Where this reader differs from the
 * released loader: one directory per read, its indices local to it (the loader concatenates every META
 * directory's clips and indexes the concatenation); a pair without a score gets no weight (the loader sets its
 * score to 1); a bad pair is stopped on or skipped with a reason (the loader silently moves to the next clip).
 * A metadata entry whose {@code clip_duration} is unusable stops the read: whether it was kept decides what every
 * later index means. One whose clip file is missing only makes the pairs that use it bad.
 */
public final class VideoDpoReader {
  /** VideoDPO's default {@code clip_length}, in seconds. */
  public static final double CLIP_LENGTH = 1.0;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final double clipLength;
  private final double dupbeta;
  private final double c;

  /**
   * @param clipLength clips shorter than this (seconds) are dropped, as VideoDPO's loader does
   * @param dupbeta the re-weighting exponent; 0 (VideoDPO's shipped setting) for no weights
   * @param c the re-weighting constant ({@link DupFactor#VIDEODPO_C} in VideoDPO)
   */
  public VideoDpoReader(double clipLength, double dupbeta, double c) {
    Preconditions.checkArgument(clipLength >= 0 && Double.isFinite(clipLength), "clip_length must be >= 0, got %s",
        clipLength);
    Preconditions.checkArgument(dupbeta >= 0 && Double.isFinite(dupbeta), "dupbeta must be >= 0, got %s", dupbeta);
    Preconditions.checkArgument(c > 0 && Double.isFinite(c), "c must be > 0, got %s", c);
    this.clipLength = clipLength;
    this.dupbeta = dupbeta;
    this.c = c;
  }

  /** VideoDPO's shipped settings: clip_length 1.0, dupbeta 0 (no weights), c 0.72. */
  public static VideoDpoReader defaults() {
    return new VideoDpoReader(CLIP_LENGTH, 0, DupFactor.VIDEODPO_C);
  }

  /**
   * The pairs of one VideoDPO directory.
   *
   * @param skipBadRows skip and count bad pairs (an index out of range, a missing caption or clip file, a bad
   *     score) instead of stopping at the first
   */
  public VideoPairs read(Path dir, boolean skipBadRows) {
    return read(dir, skipBadRows, Long.MAX_VALUE);
  }

  /** The pairs of the first {@code maxRows} entries of the directory's pair.json (bad ones included). */
  public VideoPairs read(Path dir, boolean skipBadRows, long maxRows) {
    Path meta = dir.toAbsolutePath().normalize();
    List<Clip> clips = clips(meta.resolve("metadata.json"), meta);
    Path pairFile = meta.resolve("pair.json");
    JsonNode items = list(pairFile);
    BadRows bad = new BadRows(skipBadRows);
    List<VideoPair> pairs = new ArrayList<>();
    int rows = (int) Math.min(items.size(), maxRows);
    for (int i = 0; i < rows; i++) {
      String where = pairFile + "[" + i + "]";
      try {
        JsonNode item = object(items.get(i));
        Clip winner = clip(item, "video1", clips);
        Clip loser = clip(item, "video2", clips);
        if (winner == loser) throw new BadField("video2", "the same clip as video1");
        String caption = caption(item);
        OptionalDouble weight = OptionalDouble.empty();
        if (item.hasNonNull("score")) {
          double score = JsonFields.number(item, "score");
          if (score <= 0) throw new BadField("score", "must be > 0, got " + score);
          if (dupbeta != 0) weight = OptionalDouble.of(DupFactor.weight(score, c, dupbeta));
        }
        pairs.add(new VideoPair(caption, winner.file(), loser.file(), weight, where));
      } catch (BadField e) {
        bad.reject(where + ", " + e.getMessage());
      }
    }
    return VideoPairs.of(pairFile, pairs, rows, 0, bad);
  }

  /** One kept clip of metadata.json: its file, or why it cannot be used. */
  private record Clip(Path file, String problem) {}

  private List<Clip> clips(Path file, Path dir) {
    JsonNode entries = list(file);
    List<Clip> kept = new ArrayList<>();
    for (int i = 0; i < entries.size(); i++) {
      String where = file + "[" + i + "]";
      JsonNode basic = entries.get(i).get("basic");
      if (basic == null || !basic.isObject()) throw new UserError(where + ": no 'basic' object" + stops());
      double duration;
      try {
        duration = JsonFields.number(basic, "clip_duration");
      } catch (BadField e) {
        throw new UserError(where + ", " + e.under("basic") + stops());
      }
      if (duration < clipLength) continue;
      try {
        kept.add(new Clip(JsonFields.file(basic, "clip_path", dir, "video"), null));
      } catch (BadField e) {
        kept.add(new Clip(null, where + ", " + e.under("basic")));
      }
    }
    return kept;
  }

  private String stops() {
    return "; pair.json's indices count the clips of at least clip_length " + clipLength + " s, so the read stops";
  }

  private static Clip clip(JsonNode item, String field, List<Clip> clips) throws BadField {
    JsonNode v = item.get(field);
    if (v == null || v.isNull()) throw new BadField(field, "missing");
    if (!v.canConvertToInt() || !v.isIntegralNumber()) {
      throw new BadField(field, "expected a clip index, got " + JsonFields.describe(v));
    }
    int index = v.intValue();
    if (index < 0 || index >= clips.size()) {
      throw new BadField(field, index + " is not among the " + clips.size() + " clips metadata.json keeps");
    }
    Clip clip = clips.get(index);
    if (clip.problem() != null) throw new BadField(field, "clip " + index + " is unusable: " + clip.problem());
    return clip;
  }

  private static String caption(JsonNode item) throws BadField {
    JsonNode v = item.get("frame_caption");
    if (v != null && v.isArray()) {
      if (v.isEmpty()) throw new BadField("frame_caption", "an empty list");
      if (!v.get(0).isTextual() || v.get(0).asText().isBlank()) {
        throw new BadField("frame_caption", "expected captions, got " + JsonFields.describe(v.get(0)));
      }
      return v.get(0).asText();
    }
    return JsonFields.text(item, "frame_caption");
  }

  private static JsonNode object(JsonNode item) throws BadField {
    if (!item.isObject()) throw BadField.row("not a JSON object but " + JsonFields.describe(item));
    return item;
  }

  private static JsonNode list(Path file) {
    if (!Files.isRegularFile(file)) throw new UserError(file + ": no such file (a VideoDPO directory needs it)");
    JsonNode node;
    try {
      node = JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw new UserError(file + ": not valid JSON (" + e.getMessage().split("\n")[0] + ")");
    }
    if (node == null || !node.isArray()) throw new UserError(file + ": expected a JSON list");
    return node;
  }
}
