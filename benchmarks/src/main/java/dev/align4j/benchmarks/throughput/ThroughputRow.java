package dev.align4j.benchmarks.throughput;

import com.google.common.base.Preconditions;
import java.util.Arrays;

/**
 * One measured configuration of {@code bench throughput}: scoring (reward models: decode + preprocessing +
 * ONNX) or training (a modality and a loss: steps of the shared trainer). Rates are medians over
 * {@code repeats} timed repeats, after warm-up repeats that are not counted.
 *
 * @param task {@code scoring} or {@code training}
 * @param modality {@code image}, {@code text}, ...
 * @param method the reward model (scoring) or the loss / method (training), e.g. {@code pickscore},
 * {@code diffusion_dpo}
 * @param setup what one sample is and what the timing covers, e.g. {@code 64x64 JPEG, decode+preprocess+onnx}
 * @param batchSize samples per step (images per ONNX run when scoring, pairs per optimizer step when training)
 * @param stepsPerSecond steps (batches) per second in the median repeat
 * @param samplesPerSecond median samples (images, pairs) per second
 * @param samplesPerSecondMin slowest repeat
 * @param samplesPerSecondMax fastest repeat
 * @param repeats timed repeats
 * @param device {@code cpu}, {@code cuda:0}
 */
public record ThroughputRow(String task, String modality, String method, String setup, int batchSize,
    double stepsPerSecond, double samplesPerSecond, double samplesPerSecondMin, double samplesPerSecondMax,
    int repeats, String device) {
  /** {@link #task} of reward-model scoring rows. */
  public static final String SCORING = "scoring";
  /** {@link #task} of training rows. */
  public static final String TRAINING = "training";

  public ThroughputRow {
    Preconditions.checkArgument(batchSize >= 1, "batchSize >= 1, not %s", batchSize);
    Preconditions.checkArgument(repeats >= 1, "repeats >= 1, not %s", repeats);
  }

  /**
   * A row from per-repeat timings: repeat {@code i} did {@code steps} steps of {@code batchSize} samples in
   * {@code seconds[i]} (the last step may be partial: {@code samples} is the true count per repeat).
   */
  public static ThroughputRow fromTimings(String task, String modality, String method, String setup, int batchSize,
      int steps, int samples, double[] seconds, String device) {
    Preconditions.checkArgument(seconds.length > 0, "no timed repeats");
    double[] rates = new double[seconds.length];
    for (int i = 0; i < seconds.length; i++) rates[i] = samples / seconds[i];
    double[] sorted = rates.clone();
    Arrays.sort(sorted);
    double samplesPerSecond = median(sorted);
    return new ThroughputRow(task, modality, method, setup, batchSize, samplesPerSecond * steps / samples,
        samplesPerSecond, sorted[0],
        sorted[sorted.length - 1], seconds.length, device);
  }

  /** The middle value of sorted values (the mean of the two middle ones for an even count). */
  static double median(double[] sorted) {
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }
}
