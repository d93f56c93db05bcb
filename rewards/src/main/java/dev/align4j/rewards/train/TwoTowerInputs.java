package dev.align4j.rewards.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.google.common.base.Preconditions;
import dev.align4j.core.media.Image;
import dev.align4j.rewards.image.ClipPreprocessor;
import dev.align4j.rewards.scoring.ClipTokenizer;
import dev.align4j.rewards.scoring.TokenBatch;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns captions and images into the model's inputs exactly as the registry does at scoring time: the same
 * {@code tokenizer.json} through the same {@link ClipTokenizer}, and the same Pillow-exact CLIP preprocessing
 * ({@link ClipPreprocessor}, shortest side to the model's size, centre crop, CLIP mean and std). Training
 * therefore sees what serving sees. Images are kept fitted (8-bit, {@code size x size}) and normalised per
 * batch. Owns the tokenizer: close it.
 */
public final class TwoTowerInputs implements AutoCloseable {
  private final ClipTokenizer tokenizer;
  private final ClipPreprocessor preprocessor;
  private final int size;
  private final int maxLength;
  private final float[][] lut = new float[3][256];
  private final Map<String, TokenBatch> tokens = new ConcurrentHashMap<>();

  private TwoTowerInputs(ClipTokenizer tokenizer, int size) {
    this.tokenizer = tokenizer;
    this.size = size;
    this.maxLength = tokenizer.maxLength();
    this.preprocessor = new ClipPreprocessor(ClipPreprocessor.Fit.CENTER_CROP, size, ClipPreprocessor.CLIP_MEAN,
        ClipPreprocessor.CLIP_STD);
    for (int c = 0; c < 3; c++) {
      for (int v = 0; v < 256; v++) {
        lut[c][v] = (v / 255f - ClipPreprocessor.CLIP_MEAN[c]) / ClipPreprocessor.CLIP_STD[c];
      }
    }
  }

  /** Writes the shapes {@code tokenizer.json} into {@code dir} (when absent) and loads it for {@code spec}. */
  public static TwoTowerInputs open(Path dir, TwoTowerSpec spec) {
    Preconditions.checkArgument(spec.maxLength() == ShapesTokenizer.MAX_LENGTH, "max_length %s", spec.maxLength());
    Path file = dir.resolve(OnnxExport.TOKENIZER_FILE);
    try {
      Files.createDirectories(dir);
      if (!Files.isRegularFile(file)) Files.write(file, ShapesTokenizer.json());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new TwoTowerInputs(ClipTokenizer.load(file, ShapesTokenizer.text()), spec.imageSize());
  }

  /** The 8-bit {@code size x size} image the preprocessing normalises. */
  public byte[] fit(Image image) {
    return preprocessor.fitted(image).rgb();
  }

  /** Token ids and mask of one caption, padded to {@code max_length}. */
  private TokenBatch tokens(String caption) {
    return tokens.computeIfAbsent(caption, c -> tokenizer.encode(List.of(c)));
  }

  /** int64 {@code [B, max_length]} token ids. */
  public NDArray ids(NDManager m, List<String> captions) {
    long[] out = new long[captions.size() * maxLength];
    for (int i = 0; i < captions.size(); i++)
        System.arraycopy(tokens(captions.get(i)).ids(), 0, out, i * maxLength, maxLength);
    return m.create(out, new Shape(captions.size(), maxLength));
  }

  /** int64 {@code [B, max_length]} attention mask (1 for real tokens, start and end included). */
  public NDArray mask(NDManager m, List<String> captions) {
    long[] out = new long[captions.size() * maxLength];
    for (int i = 0; i < captions.size(); i++)
        System.arraycopy(tokens(captions.get(i)).mask(), 0, out, i * maxLength, maxLength);
    return m.create(out, new Shape(captions.size(), maxLength));
  }

  /** Normalised {@code [B, 3, size, size]} pixel values of fitted images. */
  public NDArray fitted(NDManager m, List<byte[]> images) {
    int plane = size * size;
    float[] out = new float[images.size() * 3 * plane];
    for (int i = 0; i < images.size(); i++) {
      byte[] rgb = images.get(i);
      int o = i * 3 * plane;
      for (int p = 0; p < plane; p++) {
        out[o + p] = lut[0][rgb[3 * p] & 0xff];
        out[o + plane + p] = lut[1][rgb[3 * p + 1] & 0xff];
        out[o + 2 * plane + p] = lut[2][rgb[3 * p + 2] & 0xff];
      }
    }
    return m.create(out, new Shape(images.size(), 3, size, size));
  }

  /** Normalised pixel values of any images, through the full preprocessing. */
  public NDArray pixels(NDManager m, List<Image> images) {
    return m.create(preprocessor.apply(images), new Shape(images.size(), 3, size, size));
  }

  @Override
  public void close() {
    tokenizer.close();
  }
}
