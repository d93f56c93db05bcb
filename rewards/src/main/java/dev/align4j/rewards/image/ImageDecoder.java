package dev.align4j.rewards.image;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_IGNORE_ORIENTATION;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imdecode;

import dev.align4j.rewards.RgbImage;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Decodes encoded image bytes (JPEG, PNG, WebP, BMP, TIFF, ... whatever OpenCV's {@code imdecode} reads)
 * into 8-bit RGB, giving the pixels Pillow's {@code Image.open(f).convert("RGB")} gives:
 *
 * <ul>
 *   <li>EXIF orientation is ignored (Pillow's {@code open} does not rotate; OpenCV would by default).
 *   <li>Grayscale is replicated to three channels; palettes are expanded.
 *   <li>Alpha is dropped, not composited: a transparent pixel keeps its stored colour, as in Pillow.
 * </ul>
 *
 * Lossless formats decode to exactly Pillow's pixels. Lossy ones can differ by a level or two where the
 * codec library versions differ (see the tests). Thread-safe: every call owns its native buffers.
 */
public final class ImageDecoder {
  private static final int FLAGS = IMREAD_COLOR | IMREAD_IGNORE_ORIENTATION;

  private ImageDecoder() {}

  /** Decodes one image; throws {@link ImageDecodeException} for anything that is not a whole image. */
  public static RgbImage decode(byte[] bytes) {
    if (bytes == null || bytes.length == 0) throw new ImageDecodeException("empty image data (0 bytes)");
    try (PointerScope scope = new PointerScope()) {
      Mat encoded = new Mat(1, bytes.length, CV_8UC1, new BytePointer(bytes));
      Mat bgr = imdecode(encoded, FLAGS);
      if (bgr == null || bgr.empty() || bgr.type() != CV_8UC3) throw notAnImage(bytes.length, null);
      int width = bgr.cols();
      int height = bgr.rows();
      byte[] rgb = new byte[width * height * 3];
      Mat dense = bgr.isContinuous() ? bgr : bgr.clone();
      dense.data().get(rgb);
      for (int i = 0; i < rgb.length; i += 3) {
        byte b = rgb[i];
        rgb[i] = rgb[i + 2];
        rgb[i + 2] = b;
      }
      return new RgbImage(width, height, rgb);
    } catch (ImageDecodeException e) {
      throw e;
    } catch (RuntimeException e) { // cv::Exception from a codec surfaces as a RuntimeException
      throw notAnImage(bytes.length, e);
    }
  }

  private static ImageDecodeException notAnImage(int length, Throwable cause) {
    return new ImageDecodeException("not a decodable image (JPEG/PNG/WebP): " + length + " bytes", cause);
  }
}
