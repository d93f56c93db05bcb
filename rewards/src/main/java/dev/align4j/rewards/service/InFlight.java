package dev.align4j.rewards.service;

import java.util.concurrent.TimeUnit;

/** Counts requests being served and, once closed, admits no more and lets shutdown wait for the rest. */
final class InFlight {
  private int count;
  private boolean open = true;

  /** Admits a request; false once closed. Every admitted request must {@link #exit()}. */
  synchronized boolean enter() {
    if (!open) return false;
    count++;
    return true;
  }

  synchronized void exit() {
    if (--count == 0) notifyAll();
  }

  synchronized boolean isOpen() {
    return open;
  }

  /** Admits no more requests and waits until none is in flight, or the timeout passes; true if drained. */
  synchronized boolean closeAndAwait(long timeoutMs) throws InterruptedException {
    open = false;
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
    while (count > 0) {
      long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
      if (left <= 0) return false;
      wait(left);
    }
    return true;
  }
}
