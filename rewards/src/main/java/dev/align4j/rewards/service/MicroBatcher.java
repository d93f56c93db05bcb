package dev.align4j.rewards.service;

import dev.align4j.core.media.Image;
import dev.align4j.core.util.UserError;
import dev.align4j.rewards.RewardModel;
import dev.align4j.rewards.RewardModel.Comparison;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dynamic micro-batching for one reward model. Requests queue their (prompt, image) items; one batcher thread
 * takes up to {@code maxBatch} items, waiting at most {@code maxWait} after the oldest one arrived, scores them
 * with a single {@link RewardModel#scoreBatch} call and hands each request its slice. Comparisons go through the
 * same thread, so the model is only ever called from one thread (but for {@link RewardModel#checkPrompt}, which
 * each request calls on its own thread before queuing). The queue is bounded in images (a comparison
 * counts two): a request that does not fit is refused at once (503), never blocked.
 */
final class MicroBatcher {
  private static final Logger LOG = LoggerFactory.getLogger(MicroBatcher.class);

  /** Told about every model call that scored a batch. */
  interface Listener {
    void batchScored(String reward, int size, long nanos);
  }

  private final String name;
  private final RewardModel model;
  private final int maxBatch;
  private final long maxWaitNanos;
  private final int capacity;
  private final Listener listener;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition arrived = lock.newCondition();
  private final ArrayDeque<ScoreItem> scores = new ArrayDeque<>();
  private final ArrayDeque<CompareTask> compares = new ArrayDeque<>();
  private final Thread thread;
  private int queued;
  private boolean closed;

  MicroBatcher(String name, RewardModel model, int maxBatch, long maxWaitMs, int capacity, Listener listener) {
    this.name = name;
    this.model = model;
    this.maxBatch = maxBatch;
    this.maxWaitNanos = TimeUnit.MILLISECONDS.toNanos(maxWaitMs);
    this.capacity = capacity;
    this.listener = listener;
    this.thread = new Thread(this::run, "align4j-batcher-" + name);
    thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  /** Queues one request's images; the future completes with one score per image, in order. */
  CompletableFuture<float[]> score(String prompt, List<Image> images) {
    checkPrompt(prompt);
    PendingScores pending = new PendingScores(images.size());
    long now = System.nanoTime();
    lock.lock();
    try {
      admit(images.size());
      for (int i = 0; i < images.size(); i++) scores.add(new ScoreItem(prompt, images.get(i), pending, i, now));
      arrived.signal();
    } finally {
      lock.unlock();
    }
    return pending.future;
  }

  /** Queues a pairwise comparison (run alone through {@link RewardModel#compare}). */
  CompletableFuture<Comparison> compare(String prompt, Image first, Image second) {
    checkPrompt(prompt);
    CompareTask task = new CompareTask(prompt, first, second, new CompletableFuture<>(), System.nanoTime());
    lock.lock();
    try {
      admit(2);
      compares.add(task);
      arrived.signal();
    } finally {
      lock.unlock();
    }
    return task.future;
  }

  /** Images waiting to be scored. */
  int depth() {
    lock.lock();
    try {
      return queued;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Refuses new work, lets the batcher finish what is queued, and waits for it up to {@code timeoutMs}.
   *
   * @return true when the batcher thread has ended (the model is no longer in use)
   */
  boolean stop(long timeoutMs) throws InterruptedException {
    lock.lock();
    try {
      closed = true;
      arrived.signalAll();
    } finally {
      lock.unlock();
    }
    thread.join(Math.max(1, timeoutMs));
    return !thread.isAlive();
  }

  private void admit(int items) {
    if (closed) throw ApiException.shuttingDown();
    if (queued + items > capacity) {
      throw new ApiException(503, "queue_full", "reward '" + name + "' is at capacity (" + queued + " of "
          + capacity + " images queued); retry later");
    }
    queued += items;
  }

  private void run() {
    try {
      for (Runnable work; (work = next()) != null; ) work.run();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The next model call to make, or null once closed and drained. */
  private Runnable next() throws InterruptedException {
    lock.lockInterruptibly();
    try {
      while (scores.isEmpty() && compares.isEmpty()) {
        if (closed) return null;
        arrived.await();
      }
      if (!compares.isEmpty() && (scores.isEmpty() || compares.peek().enqueued - scores.peek().enqueued <= 0)) {
        CompareTask task = compares.poll();
        queued -= 2;
        return () -> runCompare(task);
      }
      long deadline = scores.peek().enqueued + maxWaitNanos;
      while (scores.size() < maxBatch && !closed) {
        long left = deadline - System.nanoTime();
        if (left <= 0) break;
        arrived.awaitNanos(left);
      }
      List<ScoreItem> batch = new ArrayList<>(Math.min(maxBatch, scores.size()));
      while (batch.size() < maxBatch && !scores.isEmpty()) {
        ScoreItem item = scores.poll();
        queued--;
        if (!item.owner.future.isDone()) batch.add(item); // skip requests that timed out or already failed
      }
      return () -> runBatch(batch);
    } finally {
      lock.unlock();
    }
  }

  /** A prompt the model refuses is this request's 400, before it joins a batch with others. */
  private void checkPrompt(String prompt) {
    try {
      model.checkPrompt(prompt);
    } catch (UserError e) {
      throw ApiException.badRequest(e.getMessage());
    }
  }

  private void runBatch(List<ScoreItem> batch) {
    if (batch.isEmpty()) return;
    List<String> prompts = new ArrayList<>(batch.size());
    List<Image> images = new ArrayList<>(batch.size());
    for (ScoreItem item : batch) {
      prompts.add(item.prompt);
      images.add(item.image);
    }
    long start = System.nanoTime();
    try {
      float[] out = model.scoreBatch(prompts, images);
      if (out == null || out.length != batch.size()) {
        throw new IllegalStateException("returned " + (out == null ? "no" : out.length) + " scores for "
            + batch.size() + " images");
      }
      listener.batchScored(name, batch.size(), System.nanoTime() - start);
      for (int i = 0; i < out.length; i++) batch.get(i).owner.set(batch.get(i).index, out[i]);
    } catch (Throwable t) {
      LOG.warn("reward '{}' failed on a batch of {}: {}", name, batch.size(), t.toString());
      for (ScoreItem item : batch) item.owner.future.completeExceptionally(t);
    }
  }

  private void runCompare(CompareTask task) {
    if (task.future.isDone()) return;
    try {
      task.future.complete(model.compare(task.prompt, task.first, task.second));
    } catch (Throwable t) {
      LOG.warn("reward '{}' failed on a comparison: {}", name, t.toString());
      task.future.completeExceptionally(t);
    }
  }

  /** One image of a request, waiting for its batch. */
  private record ScoreItem(String prompt, Image image, PendingScores owner, int index, long enqueued) {}

  private record CompareTask(String prompt, Image first, Image second,
                             CompletableFuture<Comparison> future, long enqueued) {}

  /** A request's scores, filled in as its items are scored (possibly across batches). */
  private static final class PendingScores {
    final float[] scores;
    final AtomicInteger remaining;
    final CompletableFuture<float[]> future = new CompletableFuture<>();

    PendingScores(int size) {
      scores = new float[size];
      remaining = new AtomicInteger(size);
    }

    void set(int index, float score) {
      scores[index] = score;
      if (remaining.decrementAndGet() == 0) future.complete(scores);
    }
  }
}
