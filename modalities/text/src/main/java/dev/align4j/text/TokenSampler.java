package dev.align4j.text;

import java.util.Arrays;
import java.util.Random;

/**
 * Picks the next token from one row of logits: argmax when greedy, otherwise temperature, then top-k, then
 * top-p (nucleus) filtering, then a draw from the renormalized distribution. Runs in Java (doubles) with a
 * caller-owned {@link Random}, so results depend only on the logits and the seed.
 */
public final class TokenSampler {

  private TokenSampler() {}

  /** The next token id for {@code logits} [V] under {@code config}, drawing from {@code random} if sampling. */
  public static int next(float[] logits, GenerationConfig config, Random random) {
    if (config.greedyDecoding()) {
      return argmax(logits);
    }
    Integer[] order = new Integer[logits.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    // Most likely first; ties by lower id, so the order is fully determined.
    Arrays.sort(order, (a, b) -> logits[a] != logits[b] ? Float.compare(logits[b], logits[a]) : Integer.compare(a, b));
    int kept = config.topK() > 0 ? Math.min(config.topK(), order.length) : order.length;
    double max = logits[order[0]];
    double[] weights = new double[kept];
    double total = 0;
    for (int i = 0; i < kept; i++) {
      weights[i] = Math.exp((logits[order[i]] - max) / config.temperature());
      total += weights[i];
    }
    if (config.topP() < 1f) {
      double cumulative = 0;
      int nucleus = 0;
      while (nucleus < kept) {
        cumulative += weights[nucleus++] / total;
        if (cumulative >= config.topP()) {
          break;
        }
      }
      kept = nucleus;
      total = 0;
      for (int i = 0; i < kept; i++) {
        total += weights[i];
      }
    }
    double u = random.nextDouble() * total;
    for (int i = 0; i < kept; i++) {
      u -= weights[i];
      if (u < 0) {
        return order[i];
      }
    }
    return order[kept - 1];
  }

  /** Index of the largest value; the lowest index among ties. */
  public static int argmax(float[] values) {
    int best = 0;
    for (int i = 1; i < values.length; i++) {
      if (values[i] > values[best]) {
        best = i;
      }
    }
    return best;
  }
}
