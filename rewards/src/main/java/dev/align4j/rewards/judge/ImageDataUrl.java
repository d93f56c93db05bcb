package dev.align4j.rewards.judge;

import com.google.common.base.Preconditions;
import dev.align4j.core.media.Image;
import dev.align4j.core.media.MediaCodec;
import java.util.Base64;

/**
 * Images as {@code data:image/png;base64,...} URLs, the form OpenAI-compatible servers (vLLM included) accept in
 * an {@code image_url} part. PNG is lossless, so the judge sees exactly the pixels we scored.
 */
public final class ImageDataUrl {
  private static final String PREFIX = "data:image/png;base64,";

  private ImageDataUrl() {}

  /** PNG-encodes the image into a data URL. */
  public static String encode(Image image) {
    return PREFIX + Base64.getEncoder().encodeToString(MediaCodec.encodePng(image));
  }

  /** Decodes a base64 image data URL (PNG, JPEG, WebP, ...) back to RGB. */
  public static Image decode(String url) {
    int comma = url.indexOf(',');
    Preconditions.checkArgument(url.startsWith("data:image/") && comma > 0
        && url.substring(0, comma).endsWith(";base64"),
        "not a base64 image data URL: %s", url.length() > 40 ? url.substring(0, 40) + "..." : url);
    return MediaCodec.decodeImage(Base64.getDecoder().decode(url.substring(comma + 1)));
  }
}
