package dev.align4j.rewards.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.align4j.core.media.Image;
import dev.align4j.core.media.MediaCodec;
import dev.align4j.rewards.image.ClipPreprocessor.Fit;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ClipPreprocessorTest {
  static Stream<JsonNode> cases() {
    List<JsonNode> all = new ArrayList<>();
    Fixtures.INDEX.get("cases").forEach(all::add);
    return all.stream();
  }

  private static ClipPreprocessor forPipeline(String pipeline) {
    return switch (pipeline) {
      case "clip" -> ClipPreprocessor.clip();
      case "clip_tv" -> ClipPreprocessor.clipTorchvision();
      case "hps" -> ClipPreprocessor.hpsv2();
      default -> throw new IllegalArgumentException(pipeline);
    };
  }

  /**
   * Pillow's pixels in, Pillow's tensor out: isolates resize/crop/pad/normalise from decoding. For lossy
   * files the input is Pillow's own decode; for lossless ones our decode, which the decoder test proves equal.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void matchesPillowGoldenFromPillowPixels(JsonNode golden) {
    String file = golden.get("image").asText();
    JsonNode meta = Fixtures.image(file);
    Image input = meta.has("pixels") ? Fixtures.png(meta.get("pixels").asText())
        : MediaCodec.decodeImage(Fixtures.bytes(file));
    ClipPreprocessor pre = forPipeline(golden.get("pipeline").asText());
    Image expected8 = Fixtures.png(golden.get("expected").asText());

    Image fitted = pre.fitted(input);
    float[] actual = pre.apply(input);
    float[] expected = Fixtures.normalised(expected8);
    double maxDiff = Fixtures.maxAbsDiff(actual, expected);
    int levels = Fixtures.maxLevelDiff(fitted, expected8);
    System.out.printf("preprocess %-22s %-8s max|java - numpy| = %.2e (uint8 max diff %d)%n", file,
        golden.get("pipeline").asText(), maxDiff, levels);
    assertEquals(0, levels, "8-bit resize/crop/pad must equal Pillow's");
    assertTrue(maxDiff < 1e-6, "max abs diff " + maxDiff);
  }

  /** Bytes in, Pillow's tensor out: what a scorer sees. Lossy decodes may add a level or two. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void matchesPillowGoldenFromBytes(JsonNode golden) {
    String file = golden.get("image").asText();
    ClipPreprocessor pre = forPipeline(golden.get("pipeline").asText());
    Image expected8 = Fixtures.png(golden.get("expected").asText());
    Image fitted = pre.fitted(MediaCodec.decodeImage(Fixtures.bytes(file)));
    double maxDiff = Fixtures.maxAbsDiff(pre.apply(MediaCodec.decodeImage(Fixtures.bytes(file))),
        Fixtures.normalised(expected8));
    int levels = Fixtures.maxLevelDiff(fitted, expected8);
    System.out.printf("end-to-end %-22s %-8s max|java - numpy| = %.2e (uint8 max diff %d)%n", file,
        golden.get("pipeline").asText(), maxDiff, levels);
    boolean lossy = Fixtures.image(file).has("pixels");
    assertTrue(lossy ? levels <= 2 : levels == 0, file + ": " + levels + " levels");
    assertTrue(maxDiff < (lossy ? 2 / 255.0 / 0.26 + 1e-6 : 1e-6), "max abs diff " + maxDiff);
  }

  @Test
  void cropOffsetsFollowEachLibrary() {
    // 150x148 -> 227x224: excess 3, HF crops at 3 // 2 = 1, torchvision at round(1.5) = 2.
    Image image = MediaCodec.decodeImage(Fixtures.bytes("odd_150x148.png"));
    Image resized = PillowResize.bicubic(image, 227, 224);
    assertEquals(resized.at(1, 0, 0), ClipPreprocessor.clip().fitted(image).at(0, 0, 0));
    assertEquals(resized.at(2, 5, 1), ClipPreprocessor.clipTorchvision().fitted(image).at(0, 5, 1));
  }

  @Test
  void hpsPadsBlackBeforeNormalising() {
    Image wide = solid(448, 224, 200); // -> 224x112, padded 56 rows above and below
    float[] t = ClipPreprocessor.hpsv2().apply(wide);
    int plane = 224 * 224;
    for (int c = 0; c < 3; c++) {
      float pad = -ClipPreprocessor.CLIP_MEAN[c] / ClipPreprocessor.CLIP_STD[c];
      assertEquals(pad, t[c * plane], 1e-6f, "top-left is padding");
      assertEquals(pad, t[c * plane + 55 * 224 + 100], 1e-6f, "row 55 is padding");
      assertEquals((200 / 255f - ClipPreprocessor.CLIP_MEAN[c]) / ClipPreprocessor.CLIP_STD[c],
          t[c * plane + 56 * 224 + 100], 1e-6f, "row 56 is image");
      assertEquals(pad, t[c * plane + 168 * 224 + 100], 1e-6f, "row 168 is padding");
    }
  }

  @Test
  void hpsPadsImagesWhoseLongSideIsAlreadyTheSize() {
    Image image = solid(224, 100, 255);
    Image fitted = ClipPreprocessor.hpsv2().fitted(image);
    assertEquals(224, fitted.width());
    assertEquals(224, fitted.height());
    assertEquals(0, fitted.at(10, 61, 0)); // (224 - 100) / 2 = 62 rows of padding on top
    assertEquals(255, fitted.at(10, 62, 0));
    assertEquals(255, fitted.at(10, 161, 0));
    assertEquals(0, fitted.at(10, 162, 0));
    Image square = solid(224, 224, 7);
    assertSame(square, ClipPreprocessor.hpsv2().fitted(square));
  }

  @Test
  void batchStacksImagesInOrder() {
    ClipPreprocessor pre = ClipPreprocessor.clip();
    Image a = MediaCodec.decodeImage(Fixtures.bytes("gradient_97x61.png"));
    Image b = MediaCodec.decodeImage(Fixtures.bytes("tall_50x400.png"));
    float[] batch = pre.apply(List.of(a, b, a));
    int n = 3 * 224 * 224;
    assertEquals(3 * n, batch.length);
    assertArrayEquals(pre.apply(a), java.util.Arrays.copyOfRange(batch, 0, n));
    assertArrayEquals(pre.apply(b), java.util.Arrays.copyOfRange(batch, n, 2 * n));
    assertArrayEquals(pre.apply(a), java.util.Arrays.copyOfRange(batch, 2 * n, 3 * n));
    assertEquals(0, pre.apply(List.of()).length);
  }

  @Test
  void sizeMeanAndStdAreConfigurable() {
    ClipPreprocessor pre = new ClipPreprocessor(Fit.CENTER_CROP, 32, new float[] {0.5f, 0.5f, 0.5f},
        new float[] {0.5f, 0.5f, 0.5f});
    float[] t = pre.apply(solid(64, 40, 255));
    assertEquals(3 * 32 * 32, t.length);
    for (float v : t) assertEquals(1f, v, 1e-6f);
    assertThrows(IllegalArgumentException.class, () -> new ClipPreprocessor(Fit.PAD, 0, new float[3], new float[3]));
    assertThrows(IllegalArgumentException.class,
        () -> new ClipPreprocessor(Fit.PAD, 224, new float[3], new float[] {1, 0, 1}));
  }

  @Test
  void resizeKeepsConstantImagesConstant() {
    // Weights sum to 1 after quantisation closely enough that flat areas stay flat, up and down.
    for (int[] size : new int[][] {{13, 7}, {224, 224}, {500, 31}, {3, 900}}) {
      Image out = PillowResize.bicubic(solid(97, 61, 173), size[0], size[1]);
      for (byte v : out.rgb()) assertEquals(173, v & 0xff);
    }
  }

  private static Image solid(int w, int h, int value) {
    byte[] rgb = new byte[w * h * 3];
    java.util.Arrays.fill(rgb, (byte) value);
    return new Image(w, h, rgb);
  }
}
