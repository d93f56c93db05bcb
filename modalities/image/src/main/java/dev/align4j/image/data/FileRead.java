package dev.align4j.image.data;

import java.util.List;

/** What one file gave: examples, rows read, ties dropped, rows skipped and the first reasons. */
record FileRead<E>(List<E> examples, long rows, long ties, long skipped, List<String> reasons) {}
