package dev.align4j.video.data;

import dev.align4j.core.data.LoadedData;
import dev.align4j.core.util.UserError;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The bad-row policy of the data readers, as everywhere in align4j: stop at the first bad row with one line
 * naming file, row and field, or (under {@code skip_bad_rows}) skip it, count it and keep the first reasons.
 */
final class BadRows {
  private final boolean skip;
  private long skipped;
  private final List<String> reasons = new ArrayList<>();

  BadRows(boolean skip) {
    this.skip = skip;
  }

  /** A bad row: stops the read, or is counted. */
  void reject(String reason) {
    if (!skip) throw new UserError(reason + " (set data.skip_bad_rows to skip such rows)");
    skipped++;
    if (reasons.size() < LoadedData.MAX_REASONS) reasons.add(reason);
  }

  /** Rows skipped so far. */
  long skipped() {
    return skipped;
  }

  /** Why the first few were skipped. */
  List<String> reasons() {
    return reasons;
  }

  /** The pairs of {@code source}; none at all is an error that says why. */
  VideoPairs result(Path source, List<VideoPair> pairs, long rows, long ties) {
    if (rows == 0) throw new UserError(source + ": no rows");
    if (pairs.isEmpty()) {
      String why = skipped > 0 ? "all skipped as bad; first: " + reasons.get(0) : "all ties";
      throw new UserError(source + ": no usable pairs (" + rows + " rows read, " + why + ")");
    }
    return new VideoPairs(pairs, rows, ties, skipped, reasons);
  }

  /** One row is unusable: which field and what is wrong. Carries no stack trace. */
  static final class BadField extends Exception {
    private final String field;
    private final String problem;

    BadField(String field, String problem) {
      super("field '" + field + "': " + problem, null, false, false);
      this.field = field;
      this.problem = problem;
    }

    private BadField(String problem) {
      super(problem, null, false, false);
      this.field = null;
      this.problem = problem;
    }

    /** The row as a whole is unusable (not JSON, not an object). */
    static BadField row(String problem) {
      return new BadField(problem);
    }

    /** The same problem, naming the field by its path under {@code parent} ("basic.clip_path"). */
    String under(String parent) {
      return field == null ? problem : "field '" + parent + "." + field + "': " + problem;
    }
  }
}
