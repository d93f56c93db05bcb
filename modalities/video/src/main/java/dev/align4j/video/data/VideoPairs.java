package dev.align4j.video.data;

import com.google.common.collect.ImmutableList;
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
}
