package dev.align4j.core.data;

import com.google.common.collect.ImmutableList;
import java.util.List;

/**
 * Examples read from a {@link DataConfig}, with what was left out.
 *
 * @param train the training examples, in file order
 * @param eval the evaluation examples (the eval file, or the held-out tail of train); empty for none
 * @param rowsRead data rows read from all files (blank JSONL lines are not rows)
 * @param rowsSkipped rows skipped as bad under {@code skip_bad_rows}
 * @param skipReasons why the first few of them were skipped, one line each
 */
public record LoadedData(
    List<PreferenceExample> train, List<PreferenceExample> eval, long rowsRead, long rowsSkipped,
    List<String> skipReasons) {
  /** How many skip reasons are kept. */
  public static final int MAX_REASONS = 3;

  public LoadedData {
    train = ImmutableList.copyOf(train);
    eval = ImmutableList.copyOf(eval);
    skipReasons = ImmutableList.copyOf(skipReasons);
  }
}
