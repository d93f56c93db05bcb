package dev.align4j.benchmarks.throughput;

import com.google.common.base.Preconditions;
import dev.align4j.core.media.Image;
import dev.align4j.core.media.MediaCodec;
import dev.align4j.core.media.MediaDecodeException;
import dev.align4j.core.util.UserError;
import dev.align4j.rewards.RewardModel;
import java.util.List;

/**
 * Images per second of a reward model on encoded images, counting everything between the bytes and the
 * scores: decoding (OpenCV), CLIP preprocessing (Pillow-exact resize, crop or pad, normalisation), prompt
 * tokenisation and the ONNX towers. One repeat scores every image once in batches of {@code batchSize};
 * the row gives the median over the timed repeats.
 */
public final class ScoringThroughput {
  private ScoringThroughput() {}

  /** Settings of one measurement. */
  public record Settings(int batchSize, int warmups, int repeats) {
    public Settings {
      Preconditions.checkArgument(batchSize >= 1, "batch size >= 1, not %s", batchSize);
      Preconditions.checkArgument(warmups >= 0, "warm-up repeats >= 0, not %s", warmups);
      Preconditions.checkArgument(repeats >= 1, "repeats >= 1, not %s", repeats);
    }
  }

  /**
   * Measures {@code model} on {@code images}. The model should have been opened with an ONNX batch size of
   * at least {@code settings.batchSize()} so that one step is one graph run.
   *
   * @param setup the row's description of the input, e.g. {@code 64x64 shapes JPEG}
   */
  public static ThroughputRow measure(RewardModel model, List<EncodedImages.Item> images, Settings settings,
      String setup, String device) {
    Preconditions.checkArgument(!images.isEmpty(), "no images");
    double[] seconds = new double[settings.repeats()];
    int steps = (images.size() + settings.batchSize() - 1) / settings.batchSize();
    for (int r = -settings.warmups(); r < settings.repeats(); r++) {
      long t0 = System.nanoTime();
      scoreAll(model, images, settings.batchSize());
      double s = (System.nanoTime() - t0) / 1e9;
      if (r >= 0) seconds[r] = s;
    }
    return ThroughputRow.fromTimings(ThroughputRow.SCORING, "image", model.name(),
        setup + ", decode+preprocess+onnx", settings.batchSize(), steps, images.size(), seconds, device);
  }

  /** Decodes and scores every image, {@code batchSize} at a time (each batch decoded in parallel); input order. */
  public static float[] scoreAll(RewardModel model, List<EncodedImages.Item> images, int batchSize) {
    float[] out = new float[images.size()];
    for (int from = 0; from < images.size(); from += batchSize) {
      List<EncodedImages.Item> batch = images.subList(from, Math.min(images.size(), from + batchSize));
      List<Image> decoded = batch.parallelStream().map(ScoringThroughput::decode).toList();
      float[] s = model.scoreBatch(batch.stream().map(EncodedImages.Item::prompt).toList(), decoded);
      System.arraycopy(s, 0, out, from, s.length);
    }
    return out;
  }

  private static Image decode(EncodedImages.Item item) {
    try {
      return MediaCodec.decodeImage(item.bytes());
    } catch (MediaDecodeException e) {
      throw new UserError(item.name() + ": " + e.getMessage(), e);
    }
  }
}
