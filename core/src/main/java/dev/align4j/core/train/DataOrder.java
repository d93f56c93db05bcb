package dev.align4j.core.train;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Which examples each step sees: a fresh seeded shuffle per epoch, read in order. The whole state is the
 * number of examples consumed, so a checkpoint resumes the exact same stream.
 */
public final class DataOrder<E> {
  private final List<E> examples;
  private final long seed;
  private long consumed;
  private int cachedEpoch = -1;
  private List<E> cachedOrder;

  public DataOrder(List<E> examples, long seed) {
    if (examples.isEmpty()) throw new IllegalArgumentException("no training examples");
    this.examples = List.copyOf(examples);
    this.seed = seed;
  }

  /** The next {@code size} examples, continuing into the next epoch when this one runs out. */
  public List<E> next(int size) {
    List<E> batch = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      int epoch = (int) (consumed / examples.size());
      int position = (int) (consumed % examples.size());
      batch.add(order(epoch).get(position));
      consumed++;
    }
    return batch;
  }

  /** Examples consumed so far (the data cursor). */
  public long consumed() {
    return consumed;
  }

  public void seek(long examplesConsumed) {
    consumed = examplesConsumed;
  }

  /** Epochs completed, fractional. */
  public double epoch() {
    return (double) consumed / examples.size();
  }

  private List<E> order(int epoch) {
    if (epoch != cachedEpoch) {
      List<E> order = new ArrayList<>(examples);
      Collections.shuffle(order, new Random(seed * 1_000_003L + epoch));
      cachedOrder = order;
      cachedEpoch = epoch;
    }
    return cachedOrder;
  }
}
