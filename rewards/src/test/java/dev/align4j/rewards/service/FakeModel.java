package dev.align4j.rewards.service;

import dev.align4j.core.media.ContentPart;
import dev.align4j.core.media.Image;
import dev.align4j.rewards.RewardModel;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A reward model whose score is a deterministic function of the prompt and the pixels ({@link #expected}),
 * optionally slow, optionally held at a gate, optionally broken. Records the batch sizes it saw and whether it
 * was closed, and fails the test if it is ever called concurrently or after close.
 */
final class FakeModel implements RewardModel {
  private final String name;
  private final long delayMs;
  private final boolean broken;
  final List<Integer> batchSizes = new CopyOnWriteArrayList<>();
  final AtomicBoolean closed = new AtomicBoolean();
  final AtomicInteger concurrentCalls = new AtomicInteger();
  final AtomicBoolean misuse = new AtomicBoolean();
  /** Counted down when a call begins. */
  volatile CountDownLatch entered = new CountDownLatch(1);
  /** When set, every call waits for it before scoring. */
  volatile CountDownLatch gate;

  FakeModel(String name, long delayMs, boolean broken) {
    this.name = name;
    this.delayMs = delayMs;
    this.broken = broken;
  }

  /** The score of one image: a hash of the prompt plus the mean pixel value. */
  static float expected(String prompt, Image image) {
    long sum = 0;
    for (byte b : image.rgb()) sum += b & 0xff;
    float mean = (float) sum / image.rgb().length / 255f;
    return (prompt.hashCode() & 0xffff) / 65536f + mean;
  }

  @Override
  public String name() {
    return name;
  }

  /** Refuses prompts starting with "refused", as the OCR reward refuses prompts without quoted text. */
  @Override
  public void checkPrompt(String prompt) {
    if (prompt.startsWith("refused")) throw new dev.align4j.core.util.UserError("fake refuses '" + prompt + "'");
  }

  @Override
  public float[] scoreBatch(List<String> prompts, List<? extends ContentPart> items) {
    List<Image> images = items.stream().map(Image.class::cast).toList();
    if (closed.get() || concurrentCalls.incrementAndGet() > 1) misuse.set(true);
    try {
      entered.countDown();
      CountDownLatch g = gate;
      if (g != null) g.await();
      if (delayMs > 0) Thread.sleep(delayMs);
      if (broken) throw new IllegalStateException("fake model is broken");
      batchSizes.add(images.size());
      float[] out = new float[images.size()];
      for (int i = 0; i < out.length; i++) out[i] = expected(prompts.get(i), images.get(i));
      return out;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } finally {
      concurrentCalls.decrementAndGet();
    }
  }

  @Override
  public void close() {
    closed.set(true);
  }
}
