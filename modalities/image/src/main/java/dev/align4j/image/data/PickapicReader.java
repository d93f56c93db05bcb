package dev.align4j.image.data;

import dev.align4j.core.media.Image;
import dev.align4j.core.util.UserError;
import dev.align4j.rewards.data.PickapicPairs;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Pick-a-Pic v2 parquet ({@code caption}, {@code jpg_0}, {@code jpg_1}, {@code label_0}; the rest of the
 * schema is ignored) as preference pairs, through rewards' {@link PickapicPairs}: winner first, ties
 * ({@code label_0} not 0 or 1, e.g. 0.5) dropped and counted, images fitted to the resolution as they are read. A bad
 * caption or image stops the read with one line naming file, row and column.
 */
final class PickapicReader {
  private PickapicReader() {}

  /** The pairs of one file, reading at most {@code maxRows} rows (ties included). */
  static FileRead<ImagePair> read(Path file, ImageLoader loader, long maxRows) {
    List<ImagePair> pairs = new ArrayList<>();
    long[] counts = new long[2]; // rows, ties
    try {
      PickapicPairs.forEach(file, row -> {
        if (counts[0] >= maxRows) throw Stop.INSTANCE;
        counts[0]++;
        String caption = row.caption();
        if (caption == null || caption.isBlank()) {
          throw new UserError(file + ": row " + row.row() + ", column 'caption': "
              + (caption == null ? "null" : "empty"));
        }
        double label = row.label0();
        if (Double.isNaN(label)) {
          throw new UserError(file + ": row " + row.row() + ", column 'label_0': missing; preference pairs need "
              + "Pick-a-Pic's labels");
        }
        if (label != 0 && label != 1) {
          counts[1]++;
          return;
        }
        Image first = loader.fit(row.image0());
        Image second = loader.fit(row.image1());
        String source = file + ": row " + row.row();
        pairs.add(label == 1 ? new ImagePair(caption, first, second, source)
            : new ImagePair(caption, second, first, source));
      });
    } catch (Stop stop) {
      // max_rows reached
    }
    if (counts[0] == 0) throw new UserError(file + ": no rows");
    if (pairs.isEmpty()) throw new UserError(file + ": no usable pairs (" + counts[0] + " rows, all ties)");
    return new FileRead<>(pairs, counts[0], counts[1], 0, List.of());
  }

  /** Ends the row stream early (max_rows). */
  private static final class Stop extends RuntimeException {
    static final Stop INSTANCE = new Stop();

    private Stop() {
      super("max_rows reached", null, false, false);
    }
  }
}
