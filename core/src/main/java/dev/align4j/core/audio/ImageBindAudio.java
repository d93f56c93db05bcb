package dev.align4j.core.audio;

/**
 * ImageBind's audio input for one clip (its {@code waveform2melspec} and normalisation, av-benchmark's
 * IB-score): a 16 kHz mono clip (2 s, three per video), mean removed, {@link KaldiFbank#imageBind()} features,
 * zero frames appended or frames cut to {@value #TARGET_FRAMES}, then {@code (x - MEAN) / STD}. Output
 * {@code [frame][mel]}, i.e. ImageBind's {@code [1, 128, 204]} transposed.
 */
public final class ImageBindAudio {
  /** ImageBind's audio rate in Hz. */
  public static final int SAMPLE_RATE = 16000;
  /** Seconds per clip ({@code ConstantClipsPerVideoSampler(clip_duration=2, clips_per_video=3)}). */
  public static final double CLIP_SECONDS = 2;
  /** Clips per video. */
  public static final int CLIPS_PER_VIDEO = 3;
  /** Frames per clip after padding or cutting. */
  public static final int TARGET_FRAMES = 204;
  /** The normalisation's mean. */
  public static final double MEAN = -4.268;
  /** The normalisation's standard deviation. */
  public static final double STD = 9.138;

  private static final KaldiFbank FBANK = KaldiFbank.imageBind();

  private ImageBindAudio() {}

  /** The normalised {@code [204][128]} features of one 16 kHz mono clip. */
  public static float[][] features(float[] clip) {
    double mean = 0;
    for (float v : clip) mean += v;
    mean /= Math.max(1, clip.length);
    double[] centred = new double[clip.length];
    for (int i = 0; i < clip.length; i++) centred[i] = clip[i] - mean;
    float[][] out = Spectrograms.padOrCut(FBANK.apply(centred), TARGET_FRAMES);
    for (float[] row : out) {
      for (int m = 0; m < row.length; m++) row[m] = (float) ((row[m] - MEAN) / STD);
    }
    return out;
  }
}
