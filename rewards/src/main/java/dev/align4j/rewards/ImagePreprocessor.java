package dev.align4j.rewards;

import dev.align4j.core.media.Image;
import dev.align4j.rewards.manifest.Preprocessing;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Turns decoded images into a model's {@code pixel_values}: resized to {@link #size()} square per the
 * manifest's mode, scaled to 0..1 and normalised per channel. Implementations are safe for concurrent use.
 */
public interface ImagePreprocessor {
  /**
   * Pixel values for {@code images}, NCHW float32 flattened: image after image, each
   * {@code 3 x size x size}, channel-major (R plane, G plane, B plane), rows top to bottom. The images are
   * preprocessed in parallel (the common fork-join pool): each writes its own slice, so the result is the same.
   */
  default float[] apply(List<Image> images) {
    int stride = 3 * size() * size();
    float[] out = new float[images.size() * stride];
    IntStream.range(0, images.size()).parallel().forEach(i -> applyInto(images.get(i), out, i * stride));
    return out;
  }

  /** Writes one image's {@code [3, size, size]} into {@code out} from {@code offset}. */
  void applyInto(Image image, float[] out, int offset);

  /** The side of the square output, in pixels. */
  int size();

  /** Makes the preprocessor a manifest asks for; the registry calls it once per opened model. */
  @FunctionalInterface
  interface Factory {
    ImagePreprocessor create(Preprocessing spec);
  }
}
