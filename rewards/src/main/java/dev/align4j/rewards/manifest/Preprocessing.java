package dev.align4j.rewards.manifest;

import com.google.common.base.Preconditions;
import java.util.Arrays;

/**
 * How images become {@code pixel_values}: the resize mode, the square side and the per-channel
 * normalisation {@code (x / 255 - mean) / std}, RGB order.
 *
 * @param mode {@link Mode#CLIP_CENTER_CROP}, {@link Mode#HPS_PAD} or {@link Mode#STRETCH_BILINEAR}
 * @param size output side in pixels (224 for the presets)
 * @param mean per-channel mean, RGB
 * @param std per-channel standard deviation, RGB
 */
public record Preprocessing(Mode mode, int size, float[] mean, float[] std) {
  /** CLIP's normalisation mean (OpenAI CLIP, also used by PickScore, HPSv2, ImageReward's BLIP). */
  public static final float[] CLIP_MEAN = {0.48145466f, 0.4578275f, 0.40821073f};
  /** CLIP's normalisation standard deviation. */
  public static final float[] CLIP_STD = {0.26862954f, 0.26130258f, 0.27577711f};

  /** How an image is brought to {@code size x size}. */
  public enum Mode {
    /** Shortest side to {@code size} (bicubic), then a centre crop: CLIP's processor. */
    CLIP_CENTER_CROP("clip_center_crop"),
    /** Longest side to {@code size} (bicubic), then zero padding to a centred square: HPSv2's processor. */
    HPS_PAD("hps_pad"),
    /**
     * The whole image to {@code size x size}, aspect ratio not kept, with TensorFlow's bilinear resize
     * ({@code align_corners = true}) on {@code x / 255} floats, not rounded back to 8 bits: nsfwjs's
     * preprocessing ({@code NSFWJS.infer}). An image already {@code size x size} is not resampled.
     */
    STRETCH_BILINEAR("stretch_bilinear");

    private final String id;

    Mode(String id) {
      this.id = id;
    }

    /** The manifest spelling. */
    public String id() {
      return id;
    }
  }

  public Preprocessing {
    Preconditions.checkNotNull(mode, "mode");
    Preconditions.checkArgument(size > 0, "size %s", size);
    Preconditions.checkArgument(mean.length == 3 && std.length == 3, "mean and std need 3 values each");
    mean = mean.clone();
    std = std.clone();
  }

  /** CLIP's preprocessing at {@code size}: the given mode, CLIP mean and std. */
  public static Preprocessing clip(Mode mode, int size) {
    return new Preprocessing(mode, size, CLIP_MEAN, CLIP_STD);
  }

  @Override
  public float[] mean() {
    return mean.clone();
  }

  @Override
  public float[] std() {
    return std.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Preprocessing p && p.mode == mode && p.size == size && Arrays.equals(p.mean, mean)
        && Arrays.equals(p.std, std);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * (31 * mode.hashCode() + size) + Arrays.hashCode(mean)) + Arrays.hashCode(std);
  }

  @Override
  public String toString() {
    return "Preprocessing[" + mode.id() + ", " + size + ", mean " + Arrays.toString(mean) + ", std "
        + Arrays.toString(std) + "]";
  }
}
