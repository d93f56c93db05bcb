package dev.align4j.image;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.google.common.base.Preconditions;
import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import dev.align4j.diffusion.LatentCodec;
import dev.align4j.diffusion.NoGrad;
import dev.align4j.diffusion.NoiseSchedule;
import dev.align4j.core.media.Image;
import dev.align4j.rewards.image.ClipPreprocessor;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Images to the denoiser's clean samples x_0: resize (shortest side) and centre-crop to the resolution,
 * scale to [-1, 1] ({@code x / 127.5 - 1}, torchvision's {@code Normalize([0.5], [0.5])}), then the codec.
 * Encoded samples are cached per image instance (weakly, up to a bound), so a dataset's images are decoded,
 * resized and VAE-encoded once, not at every step. Latent codecs must be deterministic (the VAE posterior's
 * mean), which makes the cache exact.
 */
public final class ImageSamples {
  private static final float[] HALF = {0.5f, 0.5f, 0.5f};
  private final LatentCodec codec;
  private final ClipPreprocessor fit;
  private final int resolution;
  private final Cache<Image, float[]> cache;
  private volatile long[] sampleShape;

  public ImageSamples(LatentCodec codec, int resolution, int cachedImages) {
    this.codec = Preconditions.checkNotNull(codec, "codec");
    this.resolution = resolution;
    this.fit = new ClipPreprocessor(ClipPreprocessor.Fit.CENTER_CROP, resolution, HALF, HALF);
    // weakKeys compares keys by identity: an image object is encoded once, whatever its pixels.
    this.cache = CacheBuilder.newBuilder().weakKeys().maximumSize(cachedImages).build();
  }

  /** The image side fed to the codec. */
  public int resolution() {
    return resolution;
  }

  public LatentCodec codec() {
    return codec;
  }

  /** The image as the codec's input: {@code [3, R, R]} floats in [-1, 1], channel-major. */
  public float[] pixels(Image image) {
    return fit.apply(image);
  }

  /** Clean samples {@code [N, C, h, w]} (float32, torch-owned memory) for {@code images}, in order. */
  public NDArray samples(List<Image> images, NDManager manager) {
    Preconditions.checkArgument(!images.isEmpty(), "no images");
    Map<Image, float[]> found = new IdentityHashMap<>();
    List<Image> missing = new ArrayList<>();
    for (Image image : images) {
      if (found.containsKey(image)) continue;
      float[] cached = cache.getIfPresent(image);
      found.put(image, cached);
      if (cached == null) missing.add(image);
    }
    if (!missing.isEmpty()) encode(missing, manager, found);
    long[] shape = sampleShape;
    int per = Math.toIntExact(new Shape(shape).size());
    float[] all = new float[images.size() * per];
    for (int i = 0; i < images.size(); i++) System.arraycopy(found.get(images.get(i)), 0, all, i * per, per);
    long[] dims = new long[shape.length + 1];
    dims[0] = images.size();
    System.arraycopy(shape, 0, dims, 1, shape.length);
    return NoiseSchedule.owned(manager, all, new Shape(dims));
  }

  private void encode(List<Image> images, NDManager manager, Map<Image, float[]> into) {
    int per = 3 * resolution * resolution;
    float[] pixels = new float[images.size() * per];
    for (int i = 0; i < images.size(); i++) fit.applyInto(images.get(i), pixels, i * per);
    try (NDManager scratch = manager.newSubManager()) {
      NDArray input = scratch.create(pixels, new Shape(images.size(), 3, resolution, resolution));
      NDArray encoded = NoGrad.get(() -> codec.encode(input));
      Shape out = encoded.getShape();
      Preconditions.checkState(out.dimension() == 4 && out.get(0) == images.size(),
          "codec %s returned %s for %s images", codec, out, images.size());
      long[] shape = out.slice(1).getShape();
      if (sampleShape == null) {
        sampleShape = shape;
      } else {
        Preconditions.checkState(java.util.Arrays.equals(sampleShape, shape),
            "codec %s returned samples %s, earlier %s",
            codec, new Shape(shape), new Shape(sampleShape));
      }
      float[] values = encoded.toType(DataType.FLOAT32, false).toFloatArray();
      int n = values.length / images.size();
      for (int i = 0; i < images.size(); i++) {
        float[] one = java.util.Arrays.copyOfRange(values, i * n, (i + 1) * n);
        into.put(images.get(i), one);
        cache.put(images.get(i), one);
      }
    }
  }
}
