package dev.align4j.diffusion;

import com.google.common.base.Preconditions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

/**
 * Sampling in independent batches, several at once. align4j runs libtorch with one intra-op thread (its small
 * models spend their time in per-op overhead, which more intra-op threads do not shrink), so one batch keeps one
 * core busy; batches of different prompts share nothing but the read-only weights, so running one per free core
 * is nearly a core's worth faster each. Results do not depend on the number of threads: every image has its own
 * seed and the batches are the same as on one thread.
 */
public final class SamplingPool {
  /** Overrides the number of sampling threads. */
  public static final String THREADS_PROPERTY = "align4j.sampling.threads";

  private SamplingPool() {}

  /** One batch of items {@code [start, end)}, computed in the calling thread. */
  public interface Batch<T> {
    List<T> run(int start, int end);
  }

  /**
   * Threads to sample with: {@code -Dalign4j.sampling.threads}, else the cores divided by libtorch's intra-op
   * threads ({@code -Dai.djl.pytorch.num_threads}; when that is unset libtorch already uses every core: 1).
   */
  public static int threads() {
    Integer set = Integer.getInteger(THREADS_PROPERTY);
    if (set != null) return Math.max(1, set);
    int intraOp = Integer.getInteger("ai.djl.pytorch.num_threads", 0);
    return intraOp <= 0 ? 1 : Math.max(1, Runtime.getRuntime().availableProcessors() / intraOp);
  }

  /**
   * {@code batch} over {@code [0, n)} in slices of {@code batchSize}, each under PyTorch's no-grad mode (a new
   * thread starts with autograd on), up to {@link #threads()} at a time; the slices' results concatenated in order.
   */
  public static <T> List<T> inBatches(int n, int batchSize, Batch<T> batch) {
    Preconditions.checkArgument(batchSize >= 1, "batch size >= 1, not %s", batchSize);
    List<Supplier<List<T>>> parts = new ArrayList<>();
    for (int start = 0; start < n; start += batchSize) {
      int from = start;
      parts.add(() -> NoGrad.get(() -> batch.run(from, Math.min(n, from + batchSize))));
    }
    List<T> out = new ArrayList<>(n);
    int workers = Math.min(threads(), parts.size());
    if (workers <= 1) {
      for (Supplier<List<T>> part : parts) out.addAll(part.get());
      return out;
    }
    ExecutorService pool = Executors.newFixedThreadPool(workers, r -> {
      Thread t = new Thread(r, "align4j-sampling");
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<List<T>>> running = new ArrayList<>(parts.size());
      for (Supplier<List<T>> part : parts) running.add(pool.submit(part::get));
      for (Future<List<T>> part : running) out.addAll(part.get());
      return out;
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) throw r;
      if (e.getCause() instanceof Error err) throw err;
      throw new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while sampling", e);
    } finally {
      pool.shutdownNow();
    }
  }
}
