package dev.align4j.distributed;

import dev.align4j.core.util.UserError;

/** Turns a failed Spark job back into the one line that names its cause, where a bad row (strict mode) caused it. */
final class Failures {
  private Failures() {}

  /**
   * A {@link UserError} naming the bad row when {@code e} came from one (locally the exception is in the cause
   * chain; from a remote executor only its text is); else throws {@code e} itself.
   */
  static RuntimeException unwrap(Exception e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof PairScoring.BadRowException bad) return new UserError(bad.getMessage(), e);
    }
    for (Throwable t = e; t != null; t = t.getCause()) {
      String m = t.getMessage();
      int at = m == null ? -1 : m.indexOf(PairScoring.BadRowException.PREFIX);
      if (at >= 0) return new UserError(m.substring(at).lines().findFirst().orElse(""), e);
    }
    return Failures.<RuntimeException>sneaky(e);
  }

  /** Rethrows {@code e} as it is (Spark's exceptions are checked to javac, not to Scala). */
  @SuppressWarnings("unchecked")
  private static <T extends Exception> T sneaky(Exception e) throws T {
    throw (T) e;
  }
}
