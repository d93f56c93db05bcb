package dev.align4j.core.data;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.align4j.core.util.UserError;
import java.util.ArrayList;
import java.util.List;

/**
 * Maps one file's rows to examples and applies the bad-row policy: stop with a {@link UserError} naming file,
 * row and column, or (with {@code skip_bad_rows}) skip the row, count it and remember the first reasons.
 */
final class ExampleCollector implements RowSink {
  private final String source;
  private final DataConfig config;
  private final RowMapper mapper;
  private final List<PreferenceExample> examples = new ArrayList<>();
  private final List<String> reasons = new ArrayList<>();
  private long rows;
  private long skipped;

  ExampleCollector(String source, DataConfig config, RowMapper mapper) {
    this.source = source;
    this.config = config;
    this.mapper = mapper;
  }

  @Override
  public void row(long number, ObjectNode fields) {
    rows++;
    try {
      examples.add(mapper.map(source, number, new RowFields(fields, config)));
    } catch (BadRow bad) {
      reject(source + ": row " + number + ", " + bad.where() + ": " + bad.problem());
    }
  }

  @Override
  public void unreadable(long number, String problem) {
    rows++;
    reject(problem);
  }

  private void reject(String reason) {
    if (!config.skipBadRows()) throw new UserError(reason + " (set data.skip_bad_rows to skip such rows)");
    skipped++;
    if (reasons.size() < LoadedData.MAX_REASONS) reasons.add(reason);
  }

  /** The examples, after checking that there is at least one. */
  List<PreferenceExample> examples() {
    if (rows == 0) throw new UserError(source + ": no rows");
    if (examples.isEmpty()) {
      throw new UserError(source + ": no usable rows (" + rows + " read, all skipped as bad; first: " + reasons.get(0)
          + ")");
    }
    return examples;
  }

  String source() {
    return source;
  }

  long rows() {
    return rows;
  }

  long skipped() {
    return skipped;
  }

  List<String> reasons() {
    return reasons;
  }
}
