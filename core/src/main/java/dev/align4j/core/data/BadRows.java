package dev.align4j.core.data;

import dev.align4j.core.util.UserError;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The bad-row policy of the modalities' own data readers (VideoDPO directories, MIA-DPO JSON, ...), as everywhere
 * in align4j: stop at the first bad row with one line naming file, row and field, or (under {@code skip_bad_rows})
 * skip it, count it and keep the first {@link LoadedData#MAX_REASONS} reasons.
 */
public final class BadRows {
  private final boolean skip;
  private long skipped;
  private final List<String> reasons = new ArrayList<>();

  /** @param skip skip and count bad rows instead of stopping at the first */
  public BadRows(boolean skip) {
    this.skip = skip;
  }

  /** A bad row, {@code reason} naming file, row and field: stops the read ({@link UserError}), or is counted. */
  public void reject(String reason) {
    if (!skip) throw new UserError(reason + " (set data.skip_bad_rows to skip such rows)");
    skipped++;
    if (reasons.size() < LoadedData.MAX_REASONS) reasons.add(reason);
  }

  /** Rows skipped so far. */
  public long skipped() {
    return skipped;
  }

  /** Why the first few were skipped. */
  public List<String> reasons() {
    return reasons;
  }

  /**
   * Stops with one line when {@code source} gave nothing to train on: no rows at all, or none usable.
   *
   * @param rows rows read
   * @param usable rows kept
   * @param what what the rows are ("pairs", "conversations"), for the message
   * @param otherwise why nothing was kept when no row was skipped as bad ("all ties")
   */
  public void requireUsable(Path source, long rows, long usable, String what, String otherwise) {
    if (rows == 0) throw new UserError(source + ": no rows");
    if (usable > 0) return;
    String why = skipped > 0 ? "all skipped as bad; first: " + reasons.get(0) : otherwise;
    throw new UserError(source + ": no usable " + what + " (" + rows + " rows read, " + why + ")");
  }
}
