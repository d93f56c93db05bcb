package dev.align4j.benchmarks.jmh;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.training.GradientCollector;
import dev.align4j.losses.LossOutput;
import dev.align4j.losses.LossRegistry;
import dev.align4j.losses.Need;
import dev.align4j.losses.PreferenceLoss;
import dev.align4j.losses.PreferenceTerms;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A preference loss on a batch of per-example terms (float32, DJL's PyTorch engine on CPU): the loss
 * with TRL's metrics, and the same plus the backward pass to the policy terms, as one training step
 * computes it. The terms are random log-probs (or negative denoising errors for {@code diffusion_dpo});
 * unpaired losses ({@code kto}) get the batch as labelled completions. At this size the figures measure
 * per-operator overhead, which is what a tiny-model training step pays per loss.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Dai.djl.offline=true", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"})
public class LossBenchmark {
  @Param({"sigmoid", "diffusion_dpo", "kto"})
  public String loss;

  @Param({"64"})
  public int batch;

  private NDManager manager;
  private PreferenceLoss fn;
  private PreferenceTerms terms;
  private NDArray policyChosen;

  @Setup
  public void setup() {
    manager = NDManager.newBaseManager();
    fn = LossRegistry.create(loss, Map.of());
    SplittableRandom rnd = new SplittableRandom(1);
    boolean unpaired = fn.needs().contains(Need.LABELS);
    double scale = loss.startsWith("diffusion") ? 0.01 : 10;
    policyChosen = array(rnd, scale);
    policyChosen.setRequiresGradient(true);
    PreferenceTerms.Builder b = PreferenceTerms.builder();
    if (unpaired) {
      float[] labels = new float[batch];
      for (int i = 0; i < batch; i++) labels[i] = i % 2;
      b.policy(policyChosen, null).reference(array(rnd, scale), null).labels(manager.create(labels));
    } else {
      NDArray policyRejected = array(rnd, scale);
      policyRejected.setRequiresGradient(true);
      b.policy(policyChosen, policyRejected).reference(array(rnd, scale), array(rnd, scale));
    }
    terms = b.build();
  }

  private NDArray array(SplittableRandom rnd, double scale) {
    float[] v = new float[batch];
    for (int i = 0; i < batch; i++) v[i] = (float) (-scale * (1 + rnd.nextDouble()));
    return manager.create(v);
  }

  @TearDown
  public void tearDown() {
    manager.close();
  }

  /** Loss and metrics, no gradient. */
  @Benchmark
  public float forward() {
    try (NDScope scope = new NDScope()) {
      LossOutput out = fn.compute(terms);
      return out.loss().getFloat();
    }
  }

  /** Loss, metrics and the backward pass to the policy terms. */
  @Benchmark
  public float forwardBackward() {
    try (NDScope scope = new NDScope();
        GradientCollector gc = Engine.getInstance().newGradientCollector()) {
      LossOutput out = fn.compute(terms);
      gc.backward(out.loss());
      return out.loss().getFloat();
    }
  }
}
