package dev.align4j.image.data;

import com.google.common.collect.ImmutableList;
import java.util.List;

/**
 * Image examples read from a data section, with what was left out.
 *
 * @param train training examples, in file order
 * @param eval evaluation examples (the eval file, or the held-out tail of train); empty for none
 * @param rowsRead rows read from all files
 * @param tiesDropped Pick-a-Pic rows left out as ties ({@code label_0} not 0 or 1)
 * @param rowsSkipped rows skipped as bad under {@code skip_bad_rows}
 * @param skipReasons why the first few were skipped, one line each
 * @param <E> {@link ImagePair} or {@link LabelledImageExample}
 */
public record ImageData<E>(List<E> train, List<E> eval, long rowsRead, long tiesDropped, long rowsSkipped,
    List<String> skipReasons) {
  public ImageData {
    train = ImmutableList.copyOf(train);
    eval = ImmutableList.copyOf(eval);
    skipReasons = ImmutableList.copyOf(skipReasons);
  }
}
