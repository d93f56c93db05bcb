package dev.align4j.rewards.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.align4j.core.media.Image;
import dev.align4j.core.media.MediaCodec;
import dev.align4j.core.media.MediaDecodeException;
import dev.align4j.core.util.UserError;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link MediaCodec#decodeImage} against the pixels Pillow decodes from the same files. */
class PillowDecodingTest {
  /**
   * Lossy formats. Measured here: 0 levels (Debian's Pillow 9.4 on libjpeg-turbo 2.1 / libwebp 1.2 against
   * the codecs JavaCV 1.5.12 bundles): baseline JPEG with the default islow IDCT and fancy upsampling is
   * bit-exact across libjpeg-turbo releases. Another build (IJG libjpeg or mozjpeg, a float or SIMD IDCT,
   * a different chroma upsampler) can move values by a level or two, so the bound is 2 of 255 levels.
   */
  private static final int LOSSY_TOLERANCE = 2;

  @ParameterizedTest
  @ValueSource(strings = {"gradient_97x61.png", "square_224.png", "gray_80x120.png", "rgba_64x48.png",
      "tall_50x400.png", "odd_150x148.png", "palette_40x30.png", "lossless_90x70.webp"})
  void losslessFormatsDecodeToExactlyPillowsPixels(String file) {
    JsonNode meta = Fixtures.image(file);
    Image image = MediaCodec.decodeImage(Fixtures.bytes(file));
    assertEquals(meta.get("width").asInt(), image.width(), file);
    assertEquals(meta.get("height").asInt(), image.height(), file);
    assertEquals(meta.get("sha256").asText(), Fixtures.sha256(image.rgb()),
        file + " (Pillow mode " + meta.get("mode").asText() + ") differs from Image.open().convert('RGB')");
  }

  @ParameterizedTest
  @ValueSource(strings = {"photo_300x200.jpg", "exif_rot6_120x80.jpg", "lossy_90x70.webp"})
  void lossyFormatsDecodeWithinTwoLevelsOfPillow(String file) {
    JsonNode meta = Fixtures.image(file);
    Image image = MediaCodec.decodeImage(Fixtures.bytes(file));
    Image pillow = Fixtures.png(meta.get("pixels").asText());
    assertEquals(pillow.width(), image.width(), file);
    assertEquals(pillow.height(), image.height(), file);
    int diff = Fixtures.maxLevelDiff(image, pillow);
    long differing = 0;
    for (int i = 0; i < image.rgb().length; i++) if (image.rgb()[i] != pillow.rgb()[i]) differing++;
    System.out.printf("decode %-22s max |OpenCV - Pillow| = %d levels, %d of %d values differ%n", file, diff, differing,
        image.rgb().length);
    assertTrue(diff <= LOSSY_TOLERANCE, file + ": max difference " + diff + " levels");
  }

  @Test
  void exifOrientationIsIgnoredLikePillow() {
    // The file carries Orientation = 6 (display rotated 90 degrees); Pillow's Image.open keeps 120x80.
    Image image = MediaCodec.decodeImage(Fixtures.bytes("exif_rot6_120x80.jpg"));
    assertEquals(120, image.width());
    assertEquals(80, image.height());
  }

  @Test
  void alphaIsDroppedNotComposited() {
    // Alpha ramps from 0 at x = 0 to 255: a transparent pixel keeps its stored colour (neither white nor black).
    Image rgba = MediaCodec.decodeImage(Fixtures.bytes("rgba_64x48.png"));
    int blue = rgba.at(0, 0, 2);
    assertTrue(blue > 60 && blue < 200, "stored blue at the transparent corner, got " + blue);
    assertEquals(Fixtures.image("rgba_64x48.png").get("sha256").asText(), Fixtures.sha256(rgba.rgb()));
  }

  @Test
  void grayscaleIsReplicatedToThreeChannels() {
    Image gray = MediaCodec.decodeImage(Fixtures.bytes("gray_80x120.png"));
    for (int y = 0; y < gray.height(); y++) {
      for (int x = 0; x < gray.width(); x++) {
        assertEquals(gray.at(x, y, 0), gray.at(x, y, 1));
        assertEquals(gray.at(x, y, 0), gray.at(x, y, 2));
      }
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 20, 500, 10_000})
  void truncatedJpegIsRejected(int cut) {
    byte[] jpeg = Fixtures.bytes("photo_300x200.jpg");
    assertRejected(Arrays.copyOf(jpeg, jpeg.length - cut));
  }

  @ParameterizedTest
  @ValueSource(strings = {"gradient_97x61.png", "lossy_90x70.webp", "lossless_90x70.webp"})
  void truncatedPngAndWebpAreRejected(String file) {
    byte[] data = Fixtures.bytes(file);
    assertRejected(Arrays.copyOf(data, data.length - 13)); // for PNG: IEND and one byte of the last IDAT
    assertRejected(Arrays.copyOf(data, data.length / 2));
  }

  @Test
  void garbageIsRejected() {
    Random random = new Random(7);
    for (int n : new int[] {1, 3, 100, 4096}) {
      byte[] junk = new byte[n];
      random.nextBytes(junk);
      assertRejected(junk);
    }
    assertRejected(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0, 16}); // a JPEG header only
    assertRejected("<html>not an image</html>".getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  @Test
  void emptyOrMissingBytesAreRejected() {
    assertRejected(new byte[0]);
    assertRejected(null);
  }

  @Test
  void decodeErrorsAreUserErrors() {
    MediaDecodeException e =
        assertThrows(MediaDecodeException.class, () -> MediaCodec.decodeImage(new byte[] {1, 2, 3}));
    assertTrue(e instanceof UserError);
    assertEquals("not a decodable image (JPEG/PNG/WebP): 3 bytes", e.getMessage());
  }

  @Test
  void decodeIsRepeatable() {
    byte[] png = Fixtures.bytes("gradient_97x61.png");
    assertArrayEquals(MediaCodec.decodeImage(png).rgb(), MediaCodec.decodeImage(png).rgb());
  }

  private static void assertRejected(byte[] data) {
    MediaDecodeException e = assertThrows(MediaDecodeException.class, () -> MediaCodec.decodeImage(data));
    assertFalse(e.getMessage().contains("\n"), "one-line message: " + e.getMessage());
  }
}
