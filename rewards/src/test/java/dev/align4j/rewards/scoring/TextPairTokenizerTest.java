package dev.align4j.rewards.scoring;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.core.util.UserError;
import dev.align4j.rewards.fixtures.ClipTokenizerJsonWriter;
import dev.align4j.rewards.manifest.ManifestReader;
import dev.align4j.rewards.manifest.RewardManifest.Text;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The text_scalar sequence layout and manifest rules, on the tiny CLIP-structured tokenizer. */
class TextPairTokenizerTest {
  static final ClipTokenizerJsonWriter W = ClipTokenizerJsonWriter.defaults();
  static final String START = ClipTokenizerJsonWriter.START;
  static final String END = ClipTokenizerJsonWriter.END;

  @TempDir Path dir;

  private static long id(String token) {
    return W.id(token);
  }

  @Test
  void bosPromptResponseEosWithTruncation() {
    Text layout = new Text(6, END, Optional.of(START), Optional.of(END), 3);
    try (TextPairTokenizer t = TextPairTokenizer.load(ClipTokenizerTest.FIXTURE, layout)) {
      // No post-processor tokens: [bos] a cat [eos].
      assertArrayEquals(new long[] {id(START), id("a</w>"), id("cat</w>"), id(END)}, t.encode("a", "cat"));
      // The prompt keeps its last 3 tokens (bos dropped), the response is cut at its end.
      assertArrayEquals(new long[] {id("photo</w>"), id("of</w>"), id("a</w>"), id("cat</w>"), id("a</w>"),
          id("photo</w>")},
          t.encode("a photo of a", "cat a photo of"));
      TokenBatch b = t.encode(List.of("a", "a"), List.of("cat", "a photo of"));
      assertEquals(2, b.rows());
      assertEquals(6, b.length());
      assertArrayEquals(new long[] {id(START), id("a</w>"), id("cat</w>"), id(END), id(END), id(END)}, b.row(0));
      assertArrayEquals(new long[] {1, 1, 1, 1, 0, 0}, b.maskRow(0));
      assertArrayEquals(new long[] {1, 1, 1, 1, 1, 1}, b.maskRow(1));
    }
  }

  @Test
  void specialTokensMustBeOneToken() {
    Text layout = new Text(6, END, Optional.of("a photo"), Optional.empty(), 3);
    UserError e = assertThrows(UserError.class, () -> TextPairTokenizer.load(ClipTokenizerTest.FIXTURE, layout));
    assertTrue(e.getMessage().contains("bos_token"), e.getMessage());
  }

  @Test
  void manifestRules() throws Exception {
    Path model = dir.resolve("m");
    Files.createDirectories(model);
    Files.writeString(model.resolve("model.onnx"), "x");
    Files.copy(ClipTokenizerTest.FIXTURE, model.resolve("tokenizer.json"));
    String files = "\"files\": {\"model\": \"model.onnx\", \"tokenizer\": \"tokenizer.json\"}, "
        + "\"score\": {\"formula\": \"standardize\"}";
    Files.writeString(model.resolve("manifest.json"), "{\"name\": \"m\", \"kind\": \"text_scalar\", " + files
        + ", \"text\": {\"max_length\": 16, \"bos_token\": \"" + START + "\"}}");
    var m = ManifestReader.read(model.resolve("manifest.json"));
    assertEquals(16, m.text().maxLength());
    assertEquals(8, m.text().maxPromptLength());
    assertEquals(Optional.of(START), m.text().bosToken());
    assertEquals(Optional.empty(), m.text().eosToken());
    assertEquals(0.0, m.params().get("mean"));

    Files.writeString(model.resolve("manifest.json"), "{\"name\": \"m\", \"kind\": \"text_scalar\", " + files + "}");
    assertTrue(assertThrows(UserError.class, () -> ManifestReader.read(model.resolve("manifest.json")))
        .getMessage().contains("text: missing"));
    Files.writeString(model.resolve("manifest.json"), "{\"name\": \"m\", \"kind\": \"fused\", " + files
        + ", \"text\": {\"max_length\": 16, \"eos_token\": \"x\"}}");
    assertTrue(assertThrows(UserError.class, () -> ManifestReader.read(model.resolve("manifest.json")))
        .getMessage().contains("text.eos_token: only kind text_scalar uses it"));
  }
}
