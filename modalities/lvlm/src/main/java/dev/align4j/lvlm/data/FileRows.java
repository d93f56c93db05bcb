package dev.align4j.lvlm.data;

import com.google.common.collect.ImmutableList;
import java.util.List;

/**
 * What a reader kept from one file, with what was left out.
 *
 * @param items the rows kept, in file order
 * @param rowsRead rows read (list entries, non-blank JSONL lines)
 * @param rowsSkipped rows skipped as bad under {@code skip_bad_rows}
 * @param skipReasons why the first few were skipped, one line each
 */
public record FileRows<T>(List<T> items, long rowsRead, long rowsSkipped, List<String> skipReasons) {
  public FileRows {
    items = ImmutableList.copyOf(items);
    skipReasons = ImmutableList.copyOf(skipReasons);
  }
}
