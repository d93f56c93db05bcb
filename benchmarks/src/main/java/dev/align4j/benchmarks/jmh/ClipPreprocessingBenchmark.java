package dev.align4j.benchmarks.jmh;

import dev.align4j.core.media.Image;
import dev.align4j.core.media.MediaCodec;
import dev.align4j.core.shapes.RenderOptions;
import dev.align4j.core.shapes.Renderer;
import dev.align4j.core.shapes.ShapesDataset;
import dev.align4j.rewards.image.ClipPreprocessor;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * One image from JPEG bytes to the normalised {@code [3, 224, 224]} CLIP tensor: decoding (OpenCV) and
 * the Pillow-exact resize + centre crop + normalisation, separately and together. The image is a
 * shapes-world scene rendered at {@code size x size} and encoded at quality 0.95.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Dai.djl.offline=true", "-Djava.awt.headless=true"})
public class ClipPreprocessingBenchmark {
  /** Side of the square input image: smaller than, near and larger than 224. */
  @Param({"64", "256", "512"})
  public int size;

  private byte[] jpeg;
  private Image decoded;
  private final ClipPreprocessor clip = ClipPreprocessor.clip();
  private final ClipPreprocessor hps = ClipPreprocessor.hpsv2();

  @Setup
  public void setup() {
    var image = new ShapesDataset(new Renderer(RenderOptions.square(size)), 7, 2).captioned(1).get(0).image();
    jpeg = MediaCodec.encodeJpeg(image.pixels(), 0.95f);
    decoded = MediaCodec.decodeImage(jpeg);
  }

  @Benchmark
  public Image decode() {
    return MediaCodec.decodeImage(jpeg);
  }

  @Benchmark
  public float[] preprocessCenterCrop() {
    return clip.apply(decoded);
  }

  @Benchmark
  public float[] preprocessHpsPad() {
    return hps.apply(decoded);
  }

  @Benchmark
  public float[] decodeAndPreprocess() {
    return clip.apply(MediaCodec.decodeImage(jpeg));
  }
}
