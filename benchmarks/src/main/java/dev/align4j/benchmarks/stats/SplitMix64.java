package dev.align4j.benchmarks.stats;

/**
 * The SplitMix64 generator (Steele, Lea and Flood 2014), written out so that another language can replay
 * the same stream exactly: {@code tools/golden/bootstrap_golden.py} does, to check {@link Bootstrap}.
 *
 * <pre>
 * state += 0x9E3779B97F4A7C15
 * z = state
 * z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9
 * z = (z ^ (z >>> 27)) * 0x94D049BB133111EB
 * return z ^ (z >>> 31)              (all arithmetic mod 2^64)
 * </pre>
 *
 * {@link #nextIndex(int)} is the unsigned 64-bit value modulo {@code n} (a bias below {@code n / 2^64}).
 */
public final class SplitMix64 {
  private long state;

  public SplitMix64(long seed) {
    this.state = seed;
  }

  /** The next 64 bits. */
  public long nextLong() {
    state += 0x9E3779B97F4A7C15L;
    long z = state;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** An index in {@code [0, n)}: the next value, unsigned, modulo {@code n}. */
  public int nextIndex(int n) {
    if (n <= 0) throw new IllegalArgumentException("n must be positive, got " + n);
    return (int) Long.remainderUnsigned(nextLong(), n);
  }
}
