package dev.align4j.rewards.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.align4j.core.media.Image;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.imageio.ImageIO;

/**
 * The image fixtures and Pillow goldens written by {@code tools/fixtures/pillow_preprocess.py}. Golden PNGs
 * are read with javax.imageio, not with the decoder under test.
 */
final class Fixtures {
  static final JsonNode INDEX = json("index.json");

  private Fixtures() {}

  static byte[] bytes(String name) {
    try (InputStream in = Fixtures.class.getResourceAsStream("/images/" + name)) {
      if (in == null) throw new IllegalStateException("missing fixture " + name);
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JsonNode image(String file) {
    for (JsonNode n : INDEX.get("images")) if (n.get("file").asText().equals(file)) return n;
    throw new IllegalArgumentException(file);
  }

  /** A PNG written by Pillow, as RGB, read independently of OpenCV. */
  static Image png(String name) {
    try {
      BufferedImage im = ImageIO.read(new java.io.ByteArrayInputStream(bytes(name)));
      Raster r = im.getRaster();
      if (r.getNumBands() != 3) throw new IllegalStateException(name + ": expected 3 bands");
      byte[] rgb = new byte[im.getWidth() * im.getHeight() * 3];
      int[] px = new int[3];
      for (int y = 0; y < im.getHeight(); y++) {
        for (int x = 0; x < im.getWidth(); x++) {
          r.getPixel(x, y, px);
          for (int c = 0; c < 3; c++) rgb[(y * im.getWidth() + x) * 3 + c] = (byte) px[c];
        }
      }
      return new Image(im.getWidth(), im.getHeight(), rgb);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** numpy's float32 normalisation of every 8-bit value, per channel. */
  static float[][] lut() {
    float[][] lut = new float[3][256];
    for (int c = 0; c < 3; c++)
        for (int v = 0; v < 256; v++) lut[c][v] = (float) INDEX.get("lut").get(c).get(v).asDouble();
    return lut;
  }

  /** numpy's normalised CHW tensor for a Pillow-preprocessed 8-bit image. */
  static float[] normalised(Image u8) {
    float[][] lut = lut();
    int plane = u8.width() * u8.height();
    float[] out = new float[3 * plane];
    for (int p = 0; p < plane; p++) for (int c = 0; c < 3; c++) out[c * plane + p] = lut[c][u8.rgb()[3 * p + c] & 0xff];
    return out;
  }

  static String sha256(byte[] data) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static int maxLevelDiff(Image a, Image b) {
    int max = 0;
    for (int i = 0; i < a.rgb().length; i++) max = Math.max(max, Math.abs((a.rgb()[i] & 0xff) - (b.rgb()[i] & 0xff)));
    return max;
  }

  static double maxAbsDiff(float[] a, float[] b) {
    double max = 0;
    for (int i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i] - b[i]));
    return max;
  }

  private static JsonNode json(String name) {
    try {
      return new ObjectMapper().readTree(bytes(name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
