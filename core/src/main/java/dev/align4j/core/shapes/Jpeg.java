package dev.align4j.core.shapes;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/** JPEG encoding and decoding of {@link RgbPixels} with javax.imageio (no display needed). */
public final class Jpeg {
  private Jpeg() {}

  /** Baseline JPEG at {@code quality} (0..1), without chroma subsampling. */
  public static byte[] encode(RgbPixels pixels, float quality) {
    BufferedImage image = new BufferedImage(pixels.width(), pixels.height(), BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < pixels.height(); y++) {
      for (int x = 0; x < pixels.width(); x++) {
        image.setRGB(x, y, pixels.at(x, y, 0) << 16 | pixels.at(x, y, 1) << 8 | pixels.at(x, y, 2));
      }
    }
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
      ImageWriteParam param = writer.getDefaultWriteParam();
      param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      param.setCompressionQuality(quality);
      writer.setOutput(out);
      IIOMetadata meta = writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(image), param);
      fullChroma(meta);
      writer.write(null, new IIOImage(image, null, meta), param);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      writer.dispose();
    }
    return bytes.toByteArray();
  }

  /** 4:4:4 sampling: small images keep their colours (4:2:0 smears a 6-pixel shape into the background). */
  private static void fullChroma(IIOMetadata meta) throws IOException {
    String format = "javax_imageio_jpeg_image_1.0";
    Node tree = meta.getAsTree(format);
    NodeList specs = ((Element) tree).getElementsByTagName("componentSpec");
    for (int i = 0; i < specs.getLength(); i++) {
      Element spec = (Element) specs.item(i);
      spec.setAttribute("HsamplingFactor", "1");
      spec.setAttribute("VsamplingFactor", "1");
    }
    meta.setFromTree(format, tree);
  }

  /** Decodes a JPEG (or any format ImageIO reads) to RGB; unreadable bytes throw. */
  public static RgbPixels decode(byte[] bytes) {
    try {
      BufferedImage image = ImageIO.read(new java.io.ByteArrayInputStream(bytes));
      if (image == null) throw new IOException("not an image ImageIO can read");
      int w = image.getWidth();
      int h = image.getHeight();
      byte[] rgb = new byte[w * h * 3];
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          int v = image.getRGB(x, y);
          int p = (y * w + x) * 3;
          rgb[p] = (byte) (v >> 16);
          rgb[p + 1] = (byte) (v >> 8);
          rgb[p + 2] = (byte) v;
        }
      }
      return new RgbPixels(w, h, rgb);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
