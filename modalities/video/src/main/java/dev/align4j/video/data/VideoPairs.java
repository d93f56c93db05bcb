package dev.align4j.video.data;

import com.google.common.collect.ImmutableList;
import dev.align4j.core.data.BadRows;
import java.nio.file.Path;
import java.util.List;

/**
 * Video pairs read from one source, with what was left out (as the image modality's {@code ImageData} counts
 * it).
 *
 * @param pairs the pairs, in file order
 * @param rowsRead rows (pair entries, JSONL lines) read
 * @param tiesDropped rows left out as ties ({@code label_0} 0.5)
 * @param rowsSkipped rows skipped as bad under {@code skip_bad_rows}
 * @param skipReasons why the first few were skipped, one line each
 */
public record VideoPairs(List<VideoPair> pairs, long rowsRead, long tiesDropped, long rowsSkipped,
    List<String> skipReasons) {
  public VideoPairs {
    pairs = ImmutableList.copyOf(pairs);
    skipReasons = ImmutableList.copyOf(skipReasons);
  }

  /** The pairs of {@code source} under {@code bad}'s policy; none at all is an error that says why. */
  static VideoPairs of(Path source, List<VideoPair> pairs, long rows, long ties, BadRows bad) {
    bad.requireUsable(source, rows, pairs.size(), "pairs", "all ties");
    return new VideoPairs(pairs, rows, ties, bad.skipped(), bad.reasons());
  }
}
