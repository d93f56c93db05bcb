package dev.align4j.image.data;

import dev.align4j.core.media.Image;
import dev.align4j.core.media.MediaCodec;
import dev.align4j.core.media.MediaDecodeException;
import dev.align4j.core.util.UserError;
import dev.align4j.rewards.image.ClipPreprocessor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Decodes images (JPEG, PNG, WebP, ... through core's {@link MediaCodec}) and brings them to the model's
 * square resolution: shortest side resized with Pillow's bicubic filter, then a centre crop (as the
 * Diffusion-DPO training script's {@code Resize} + {@code CenterCrop}). Files are read once per path, so an
 * image named twice is one object (and one entry in the modality's sample cache).
 */
final class ImageLoader {
  private final ClipPreprocessor fit;
  private final Map<Path, Image> byPath = new HashMap<>();

  ImageLoader(int resolution) {
    if (resolution <= 0) throw new IllegalArgumentException("resolution must be positive, got " + resolution);
    float[] half = {0.5f, 0.5f, 0.5f};
    this.fit = new ClipPreprocessor(ClipPreprocessor.Fit.CENTER_CROP, resolution, half, half);
  }

  /** Decodes and fits encoded bytes; {@link MediaDecodeException} (a one-line UserError) when not an image. */
  Image decode(byte[] bytes) {
    return fit(MediaCodec.decodeImage(bytes));
  }

  /** Fits an image to the resolution. */
  Image fit(Image image) {
    return fit.fitted(image);
  }

  /**
   * Reads the image at {@code path}, relative to {@code dir} unless absolute.
   *
   * @throws BadImage naming the problem (missing file, not an image)
   */
  Image file(Path dir, String path) throws BadImage {
    if (path.isBlank()) throw new BadImage("empty path");
    Path file;
    try {
      file = dir.resolve(path).normalize();
    } catch (InvalidPathException e) {
      throw new BadImage("not a valid path: " + path);
    }
    Image cached = byPath.get(file);
    if (cached != null) return cached;
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new BadImage("no such image file " + file);
    } catch (IOException e) {
      throw new BadImage("cannot read " + file + " (" + e.getMessage() + ")");
    }
    Image image;
    try {
      image = decode(bytes);
    } catch (UserError e) {
      throw new BadImage(file + ": " + e.getMessage());
    }
    byPath.put(file, image);
    return image;
  }

  /** An unusable image reference; the message says why in one line. */
  static final class BadImage extends Exception {
    BadImage(String message) {
      super(message, null, false, false);
    }
  }
}
