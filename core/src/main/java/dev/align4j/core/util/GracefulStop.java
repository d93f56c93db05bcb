package dev.align4j.core.util;

/**
 * Ends long libtorch work cleanly when the JVM is asked to exit (SIGTERM, Ctrl-C, a time limit).
 *
 * <p>Why it exists: on exit the JVM waits only about 300 ms for threads that are inside native code, then
 * calls {@code exit(3)}, which runs libtorch's C++ static destructors. A thread still inside a libtorch call
 * (a backward pass takes seconds) then uses torn-down globals and the process dies with SIGSEGV in
 * {@code at::accelerator::getAccelerator} under {@code torchBackward}: the crash the committed
 * {@code hs_err} logs showed, reproduced by sending SIGTERM to a training run. So a shutdown hook asks the
 * work to stop and waits until the thread doing it has left native code for good: the work notices at its
 * next {@link #check() safe point} (between training steps, sampling batches, pre-training steps), unwinds
 * with {@link Stopped}, and the thread parks when its outermost {@link Work} closes.
 */
public final class GracefulStop {
  /** How long the shutdown hook waits for the work to reach a safe point. */
  static final long WAIT_MS = 120_000;
  private static final Object LOCK = new Object();
  private static volatile boolean requested;
  private static int active;
  private static boolean hookInstalled;

  private GracefulStop() {}

  /** The work stopped at a safe point because the JVM is exiting; the message says where. */
  public static final class Stopped extends RuntimeException {
    public Stopped(String message) {
      super(message);
    }
  }

  /** A stretch of native-heavy work on the calling thread; close it when the work has ended. */
  public static final class Work implements AutoCloseable {
    private boolean closed;

    private Work() {}

    /**
     * Ends the stretch. When the JVM is exiting and this was the outermost stretch, the calling thread never
     * returns: it parks so that it makes no libtorch call while the process tears libtorch down.
     */
    @Override
    public void close() {
      if (closed) return;
      closed = true;
      boolean last;
      synchronized (LOCK) {
        active--;
        last = active == 0;
        LOCK.notifyAll();
      }
      if (last && requested) parkUntilExit();
    }
  }

  /** Starts a stretch of native-heavy work (nestable), installing the shutdown hook on first use. */
  public static Work begin() {
    synchronized (LOCK) {
      if (!hookInstalled) {
        Runtime.getRuntime().addShutdownHook(new Thread(GracefulStop::awaitWork, "align4j-graceful-stop"));
        hookInstalled = true;
      }
      active++;
    }
    return new Work();
  }

  /** Whether the JVM has asked the work to stop. */
  public static boolean requested() {
    return requested;
  }

  /** A safe point: throws {@link Stopped} once a stop was requested. */
  public static void check() {
    if (requested) throw new Stopped("stopped by a signal");
  }

  /** The shutdown hook: request the stop, then hold the exit until no work is running (or the wait ends). */
  private static void awaitWork() {
    requested = true;
    long deadline = System.currentTimeMillis() + WAIT_MS;
    synchronized (LOCK) {
      while (active > 0) {
        long left = deadline - System.currentTimeMillis();
        if (left <= 0) return;
        try {
          LOCK.wait(left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  private static void parkUntilExit() {
    while (true) {
      try {
        Thread.sleep(Long.MAX_VALUE);
      } catch (InterruptedException e) {
        // Keep parked: the process is exiting.
      }
    }
  }
}
