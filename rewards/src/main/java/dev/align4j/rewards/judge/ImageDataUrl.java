package dev.align4j.rewards.judge;

import com.google.common.base.Preconditions;
import dev.align4j.rewards.RgbImage;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import javax.imageio.ImageIO;

/**
 * Images as {@code data:image/png;base64,...} URLs, the form OpenAI-compatible servers (vLLM included) accept in
 * an {@code image_url} part. PNG is lossless, so the judge sees exactly the pixels we scored.
 */
public final class ImageDataUrl {
  private static final String PREFIX = "data:image/png;base64,";

  private ImageDataUrl() {}

  /** PNG-encodes the image into a data URL. */
  public static String encode(RgbImage image) {
    BufferedImage img = new BufferedImage(image.width(), image.height(), BufferedImage.TYPE_INT_RGB);
    int[] argb = new int[image.width() * image.height()];
    byte[] rgb = image.rgb();
    for (int i = 0; i < argb.length; i++) {
      argb[i] = (rgb[3 * i] & 0xff) << 16 | (rgb[3 * i + 1] & 0xff) << 8 | (rgb[3 * i + 2] & 0xff);
    }
    img.setRGB(0, 0, image.width(), image.height(), argb, 0, image.width());
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    try {
      Preconditions.checkState(ImageIO.write(img, "png", png), "no PNG writer available");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return PREFIX + Base64.getEncoder().encodeToString(png.toByteArray());
  }

  /** Decodes a data URL written by {@link #encode} (any ImageIO-readable image type) back to RGB. */
  public static RgbImage decode(String url) {
    int comma = url.indexOf(',');
    Preconditions.checkArgument(url.startsWith("data:image/") && comma > 0 && url.substring(0, comma).endsWith(";base64"),
        "not a base64 image data URL: %s", url.length() > 40 ? url.substring(0, 40) + "..." : url);
    BufferedImage img;
    try {
      img = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(url.substring(comma + 1))));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Preconditions.checkArgument(img != null, "data URL holds no readable image");
    int w = img.getWidth();
    int h = img.getHeight();
    int[] argb = img.getRGB(0, 0, w, h, null, 0, w);
    byte[] rgb = new byte[w * h * 3];
    for (int i = 0; i < argb.length; i++) {
      rgb[3 * i] = (byte) (argb[i] >> 16);
      rgb[3 * i + 1] = (byte) (argb[i] >> 8);
      rgb[3 * i + 2] = (byte) argb[i];
    }
    return new RgbImage(w, h, rgb);
  }
}
