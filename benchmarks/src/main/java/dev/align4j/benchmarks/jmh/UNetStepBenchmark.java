package dev.align4j.benchmarks.jmh;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.align4j.image.unet.UNetConfig;
import dev.align4j.image.unet.UNetDenoiser;
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
 * The shapes world's UNet (the shipped base model's architecture, random weights) on a batch of 32x32 images
 * with caption context: the forward pass alone (sampling, reference terms) and forward plus backward to every
 * parameter (the policy's share of a training step). {@code bench dpo-step} times the whole Diffusion-DPO step.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Dai.djl.offline=true", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
    "-Dai.djl.pytorch.num_threads=1", "-Dai.djl.pytorch.num_interop_threads=1"})
public class UNetStepBenchmark {
  @Param({"32"})
  public int batch;

  private NDManager manager;
  private UNetDenoiser unet;
  private NDArray x;
  private NDArray t;
  private NDArray context;

  @Setup
  public void setup() {
    manager = NDManager.newBaseManager();
    UNetConfig config = UNetConfig.shapes();
    unet = UNetDenoiser.create(config, 1, manager);
    int[] s = unet.sampleShape();
    Engine.getInstance().setRandomSeed(1);
    x = manager.randomNormal(new Shape(batch, s[0], s[1], s[2]));
    t = manager.randomInteger(0, 1000, new Shape(batch), DataType.INT64);
    context = manager.randomNormal(new Shape(batch, 16, config.contextDim()));
  }

  @TearDown
  public void tearDown() {
    unet.close();
    manager.close();
  }

  /** One forward pass, no gradient. */
  @Benchmark
  public float forward() {
    try (NDScope scope = new NDScope()) {
      return unet.predict(x, t, context, false).mean().getFloat();
    }
  }

  /** Forward and backward to every parameter. */
  @Benchmark
  public float forwardBackward() {
    try (NDScope scope = new NDScope();
        GradientCollector gc = Engine.getInstance().newGradientCollector()) {
      NDArray loss = unet.predict(x, t, context, true).square().mean();
      gc.backward(loss);
      return loss.getFloat();
    }
  }
}
