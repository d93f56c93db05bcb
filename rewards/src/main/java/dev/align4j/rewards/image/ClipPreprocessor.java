package dev.align4j.rewards.image;

import com.google.common.base.Preconditions;
import dev.align4j.core.media.Image;
import dev.align4j.rewards.ImagePreprocessor;

/**
 * Turns an {@link Image} into the normalised CHW float tensor a CLIP-family image tower expects,
 * reproducing the reference Python preprocessing (Pillow bicubic resize, crop or pad, {@code x / 255},
 * {@code (x - mean) / std} in float32) to the bit; {@code tools/fixtures/pillow_preprocess.py} writes the
 * golden values. Immutable and thread-safe.
 *
 * <p>The input is already RGB, i.e. converted before resizing, as HF's {@code CLIPImageProcessor} does.
 * The torchvision pipelines (OpenAI {@code clip.load}, HPSv2) convert after resizing, which only matters
 * for palette images (Pillow resizes mode P with NEAREST) and images with alpha (resized premultiplied);
 * for RGB and grayscale inputs the results are identical. HF rescales in float64 before casting, which can
 * move a value by one float32 ulp.
 */
public final class ClipPreprocessor implements ImagePreprocessor {
  /** OpenAI CLIP's per-channel mean (also used by PickScore, HPSv2, the LAION aesthetic predictor). */
  public static final float[] CLIP_MEAN = {0.48145466f, 0.4578275f, 0.40821073f};
  /** OpenAI CLIP's per-channel standard deviation. */
  public static final float[] CLIP_STD = {0.26862954f, 0.26130258f, 0.27577711f};

  /** How the image is brought to {@code size x size}. */
  public enum Fit {
    /**
     * Shortest side to {@code size} (long side {@code int(size * long / short)}), then a centre crop at
     * offset {@code (h - size) / 2} rounded down: HF {@code CLIPImageProcessor} (PickScore, CLIP score).
     */
    CENTER_CROP,
    /**
     * The same resize, crop offset {@code round((h - size) / 2)} rounded half to even: torchvision
     * {@code CenterCrop} as in OpenAI {@code clip.load} and open_clip (the LAION aesthetic predictor).
     * Differs from {@link #CENTER_CROP} by one pixel when {@code h - size} is 3 mod 4.
     */
    CENTER_CROP_TORCHVISION,
    /**
     * HPSv2 (open_clip {@code ResizeMaxSize}): longest side to {@code size} (short side rounded half to
     * even), then zero-pad to {@code size x size} with the image at offset {@code pad / 2} rounded down.
     * Padding is black 8-bit pixels added before normalisation, so padded values are {@code -mean / std},
     * not 0. Images whose longest side already equals {@code size} are not resized; non-square ones are
     * still padded (HPSv2's own code would return a non-square tensor the model cannot take).
     */
    PAD
  }

  private final Fit fit;
  private final int size;
  private final float[][] lut; // lut[c][v] = (v / 255f - mean[c]) / std[c], computed in float32

  public ClipPreprocessor(Fit fit, int size, float[] mean, float[] std) {
    Preconditions.checkArgument(size > 0, "size must be positive, got %s", size);
    Preconditions.checkArgument(mean.length == 3 && std.length == 3, "mean and std need 3 channels");
    this.fit = Preconditions.checkNotNull(fit, "fit");
    this.size = size;
    this.lut = new float[3][256];
    for (int c = 0; c < 3; c++) {
      Preconditions.checkArgument(std[c] > 0, "std[%s] must be positive, got %s", c, Float.valueOf(std[c]));
      for (int v = 0; v < 256; v++) lut[c][v] = (v / 255f - mean[c]) / std[c];
    }
  }

  /** CLIP / PickScore / CLIP score at 224 with HF's crop ({@link Fit#CENTER_CROP}). */
  public static ClipPreprocessor clip() {
    return new ClipPreprocessor(Fit.CENTER_CROP, 224, CLIP_MEAN, CLIP_STD);
  }

  /** OpenAI {@code clip.load} preprocessing at 224 (the LAION aesthetic predictor). */
  public static ClipPreprocessor clipTorchvision() {
    return new ClipPreprocessor(Fit.CENTER_CROP_TORCHVISION, 224, CLIP_MEAN, CLIP_STD);
  }

  /** HPSv2 / v2.1 at 224 ({@link Fit#PAD}). */
  public static ClipPreprocessor hpsv2() {
    return new ClipPreprocessor(Fit.PAD, 224, CLIP_MEAN, CLIP_STD);
  }

  public Fit fit() {
    return fit;
  }

  /** Output height and width. */
  @Override
  public int size() {
    return size;
  }

  /** The normalised tensor for one image: {@code [3, size, size]}, channel-major (R, G, B). */
  public float[] apply(Image image) {
    float[] out = new float[3 * size * size];
    applyInto(image, out, 0);
    return out;
  }


  /** Writes {@code [3, size, size]} into {@code out} from {@code offset}. */
  @Override
  public void applyInto(Image image, float[] out, int offset) {
    byte[] rgb = fitted(image).rgb();
    int plane = size * size;
    for (int p = 0; p < plane; p++) {
      out[offset + p] = lut[0][rgb[3 * p] & 0xff];
      out[offset + plane + p] = lut[1][rgb[3 * p + 1] & 0xff];
      out[offset + 2 * plane + p] = lut[2][rgb[3 * p + 2] & 0xff];
    }
  }

  /** The 8-bit {@code size x size} image before normalisation (resized, then cropped or padded). */
  public Image fitted(Image image) {
    return fit == Fit.PAD ? pad(image) : crop(image);
  }

  private Image crop(Image image) {
    int w = image.width();
    int h = image.height();
    int shortSide = Math.min(w, h);
    int longSide = (int) ((double) size * Math.max(w, h) / shortSide); // Python int(size * long / short)
    int newW = w <= h ? size : longSide;
    int newH = w <= h ? longSide : size;
    Image resized = PillowResize.bicubic(image, newW, newH);
    int top = offset(newH - size);
    int left = offset(newW - size);
    return copy(resized, left, top, size, size, new Image(size, size, new byte[size * size * 3]), 0, 0);
  }

  private int offset(int excess) {
    return fit == Fit.CENTER_CROP ? Math.floorDiv(excess, 2) : (int) Math.rint(excess / 2.0);
  }

  private Image pad(Image image) {
    int w = image.width();
    int h = image.height();
    if (w == size && h == size) return image;
    double scale = size / (double) Math.max(h, w);
    Image resized = image;
    if (scale != 1.0) {
      int newH = Math.max(1, (int) Math.rint(h * scale)); // Python round(): half to even
      int newW = Math.max(1, (int) Math.rint(w * scale));
      resized = PillowResize.bicubic(image, newW, newH);
    }
    Image canvas = new Image(size, size, new byte[size * size * 3]); // black
    int left = (size - resized.width()) / 2;
    int top = (size - resized.height()) / 2;
    return copy(resized, 0, 0, resized.width(), resized.height(), canvas, left, top);
  }

  /** Copies a {@code w x h} block from {@code src} at (sx, sy) into {@code dst} at (dx, dy); returns dst. */
  private static Image copy(Image src, int sx, int sy, int w, int h, Image dst, int dx, int dy) {
    for (int y = 0; y < h; y++) {
      System.arraycopy(src.rgb(), ((sy + y) * src.width() + sx) * 3, dst.rgb(), ((dy + y) * dst.width() + dx) * 3,
          w * 3);
    }
    return dst;
  }
}
