package dev.align4j.rewards.ocr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.align4j.core.util.UserError;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Greedy CTC decoding as PaddleOCR's CTCLabelDecode: argmax, collapse repeats, drop blanks, mean confidence. */
class CtcDecoderTest {
  /** Classes: blank, a, b, space. */
  static final CtcDecoder DECODER = new CtcDecoder(List.of("", "a", "b", " "));

  /** One row per step: the step's argmax class gets probability p, the rest share 1 - p. */
  static float[] steps(int[] best, float[] p) {
    float[] out = new float[best.length * 4];
    for (int t = 0; t < best.length; t++) {
      for (int c = 0; c < 4; c++) out[t * 4 + c] = c == best[t] ? p[t] : (1 - p[t]) / 3;
    }
    return out;
  }

  @Test
  void collapsesRepeatsThenDropsBlanks() {
    float[] probs = steps(new int[] {0, 1, 1, 0, 1, 2, 2, 3, 0, 2}, new float[] {.9f, .8f, .6f, .9f, .7f, .5f, .9f,
        .6f, .9f, 1f});
    CtcDecoder.Decoded d = DECODER.decode(probs, 0, 10);
    assertEquals("aab b", d.text());
    // the first step of each kept run: .8 (a), .7 (a), .5 (b), .6 (space), 1 (b)
    assertEquals((.8f + .7f + .5f + .6f + 1f) / 5, d.confidence(), 1e-6);
  }

  @Test
  void nothingButBlanksIsEmptyWithConfidenceZero() {
    CtcDecoder.Decoded d = DECODER.decode(steps(new int[] {0, 0, 0}, new float[] {.9f, .9f, .9f}), 0, 3);
    assertEquals("", d.text());
    assertEquals(0f, d.confidence());
  }

  @Test
  void aTieGoesToTheFirstClass() {
    float[] probs = {0.1f, 0.4f, 0.4f, 0.1f};
    assertEquals("a", DECODER.decode(probs, 0, 1).text());
  }

  @Test
  void readsAKeysFileAsBlankKeysSpace(@TempDir Path dir) throws Exception {
    Path keys = dir.resolve("keys.txt");
    Files.writeString(keys, "x\r\ny\n\u00e9\n", StandardCharsets.UTF_8);
    CtcDecoder d = CtcDecoder.fromKeys(keys);
    assertEquals(List.of("", "x", "y", "\u00e9", " "), d.characters());
    Files.writeString(keys, "x\ny", StandardCharsets.UTF_8);
    assertEquals(4, CtcDecoder.fromKeys(keys).classes());
    Files.writeString(keys, "", StandardCharsets.UTF_8);
    UserError e = assertThrows(UserError.class, () -> CtcDecoder.fromKeys(keys));
    assertEquals("OCR character list " + keys + " is empty", e.getMessage());
  }

  @Test
  void thePpOcrV4KeysGiveTheRecognisersClassCount() {
    // 6,623 keys: with the blank and the space, the 6,625 classes of ch_PP-OCRv4_rec_infer.onnx's output
    CtcDecoder d = CtcDecoder.fromKeys(Path.of("../models/ocr-ppocrv4/ppocr_keys_v1.txt"));
    assertEquals(6625, d.classes());
    assertEquals("'", d.characters().get(1));
    assertEquals(" ", d.characters().get(6624));
  }
}
