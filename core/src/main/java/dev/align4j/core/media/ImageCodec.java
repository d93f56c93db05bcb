package dev.align4j.core.media;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR_RGB;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_IGNORE_ORIENTATION;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_JPEG_QUALITY;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_JPEG_SAMPLING_FACTOR;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_JPEG_SAMPLING_FACTOR_444;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_WEBP_QUALITY;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imdecode;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imencode;

import com.google.common.base.Preconditions;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Still images through OpenCV's {@code imdecode}/{@code imencode}. Decoding gives the pixels Pillow's
 * {@code Image.open(f).convert("RGB")} gives: EXIF orientation ignored, grayscale replicated, palettes
 * expanded, alpha dropped (not composited). Lossless formats decode to exactly Pillow's pixels; lossy ones can
 * differ by a level or two where codec library versions differ. Thread-safe: every call owns its buffers.
 */
final class ImageCodec {
  /** RGB straight from the decoder (OpenCV 4.11+), so no second pass swaps the channels. */
  private static final int READ_FLAGS = IMREAD_COLOR_RGB | IMREAD_IGNORE_ORIENTATION;

  private ImageCodec() {}

  static Image decode(byte[] bytes) {
    if (bytes == null || bytes.length == 0) throw new MediaDecodeException("empty image data (0 bytes)");
    try (PointerScope scope = new PointerScope()) {
      Mat encoded = new Mat(1, bytes.length, CV_8UC1, new BytePointer(bytes));
      Mat decoded = imdecode(encoded, READ_FLAGS);
      if (decoded == null || decoded.empty() || decoded.type() != CV_8UC3) throw notAnImage(bytes.length, null);
      int width = decoded.cols();
      int height = decoded.rows();
      byte[] rgb = new byte[width * height * 3];
      Mat dense = decoded.isContinuous() ? decoded : decoded.clone();
      dense.data().get(rgb);
      return new Image(width, height, rgb);
    } catch (MediaDecodeException e) {
      throw e;
    } catch (RuntimeException e) { // cv::Exception from a codec surfaces as a RuntimeException
      throw notAnImage(bytes.length, e);
    }
  }

  /** Encodes to {@code extension} (".png", ".jpg", ".webp") with OpenCV's {@code imwrite} parameters. */
  static byte[] encode(Image image, String extension, int... params) {
    byte[] bgr = image.rgb().clone();
    swapRedBlue(bgr);
    try (PointerScope scope = new PointerScope()) {
      Mat mat = new Mat(image.height(), image.width(), CV_8UC3, new BytePointer(bgr));
      BytePointer out = new BytePointer();
      Preconditions.checkState(imencode(extension, mat, out, new IntPointer(params)), "no %s encoder", extension);
      byte[] bytes = new byte[(int) out.limit()];
      out.get(bytes);
      return bytes;
    }
  }

  static byte[] png(Image image) {
    return encode(image, ".png");
  }

  /** Baseline JPEG without chroma subsampling: small images keep their colours (4:2:0 smears thin shapes). */
  static byte[] jpeg(Image image, float quality) {
    return encode(image, ".jpg", IMWRITE_JPEG_QUALITY, percent(quality), IMWRITE_JPEG_SAMPLING_FACTOR,
        IMWRITE_JPEG_SAMPLING_FACTOR_444);
  }

  static byte[] webp(Image image, float quality) {
    return encode(image, ".webp", IMWRITE_WEBP_QUALITY, percent(quality));
  }

  private static int percent(float quality) {
    Preconditions.checkArgument(quality >= 0 && quality <= 1, "quality must be in [0, 1], got %s", quality);
    return Math.round(quality * 100);
  }

  private static void swapRedBlue(byte[] pixels) {
    for (int i = 0; i < pixels.length; i += 3) {
      byte b = pixels[i];
      pixels[i] = pixels[i + 2];
      pixels[i + 2] = b;
    }
  }

  private static MediaDecodeException notAnImage(int length, Throwable cause) {
    return new MediaDecodeException("not a decodable image (JPEG/PNG/WebP): " + length + " bytes", cause);
  }
}
