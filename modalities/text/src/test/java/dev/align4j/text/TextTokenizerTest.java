package dev.align4j.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import dev.align4j.core.util.UserError;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TextTokenizerTest {
  static TextTokenizer tok;

  @BeforeAll
  static void load() {
    tok = TextTokenizer.load(FixtureTokenizerTest.FIXTURE);
  }

  @AfterAll
  static void close() {
    tok.close();
  }

  @Test
  void vocabularyAndSpecialIds() {
    assertEquals(6 + 97, tok.vocabSize());
    assertEquals(0, tok.padId());
    assertEquals(1, tok.tokenId("<unk>"));
    assertEquals(2, tok.bosId());
    assertEquals(3, tok.eosId());
    assertEquals(4, tok.tokenId("<|im_start|>"));
    assertEquals(5, tok.tokenId("<|im_end|>"));
    assertEquals(6, tok.tokenId("\n"));
    assertEquals(7, tok.tokenId("\t"));
    assertEquals(8, tok.tokenId(" "));
    assertEquals(8 + ('a' - ' '), tok.tokenId("a"));
  }

  @Test
  void oneIdPerCharacterAndExactRoundTrip() {
    String text = "Hello, World!  42 + 7 = 49.\n\t(tabs) {braces} [x] ~`'\"\\ end ";
    long[] ids = tok.encode(text);
    assertEquals(text.length(), ids.length);
    for (int i = 0; i < text.length(); i++) {
      assertEquals(tok.tokenId(String.valueOf(text.charAt(i))), ids[i], "char " + i);
    }
    assertEquals(text, tok.decode(ids));
  }

  @Test
  void loadsThroughDjlDirectly() throws Exception {
    String text = "The 3 cats' toys: 12.5% off!\n";
    try (HuggingFaceTokenizer hf = HuggingFaceTokenizer.newInstance(FixtureTokenizerTest.FIXTURE)) {
      long[] ids = hf.encode(text).getIds();
      assertArrayEquals(tok.encode(text), ids);
      assertEquals(text, hf.decode(ids));
      assertEquals(List.of("T", "h", "e", " ", "3"), hf.tokenize("The 3"));
    }
  }

  @Test
  void longTextIsNotTruncated() {
    String text = "abc 123 ".repeat(300);
    long[] ids = tok.encode(text);
    assertEquals(text.length(), ids.length);
    assertEquals(text, tok.decode(ids));
  }

  @Test
  void specialTokensInTextAreSingleIds() {
    String text = "<|im_start|>user\nhi<|im_end|>\n<eos>";
    long[] ids = tok.encode(text);
    assertArrayEquals(new long[] {4, tok.tokenId("u"), tok.tokenId("s"), tok.tokenId("e"), tok.tokenId("r"), 6,
        tok.tokenId("h"), tok.tokenId("i"), 5, 6, 3}, ids);
    assertEquals(text, tok.decode(ids));
    assertEquals("user\nhi\n", tok.decode(ids, true));
  }

  @Test
  void noSpecialTokensAddedByEncode() {
    try (TextTokenizer t = TextTokenizer.builder(FixtureTokenizerTest.FIXTURE).addSpecialTokens(false).build()) {
      assertArrayEquals(tok.encode("ab"), t.encode("ab"));
      assertEquals(2, t.encode("ab").length);
    }
  }

  @Test
  void unknownCharactersBecomeUnk() {
    long[] ids = tok.encode("aé");
    assertArrayEquals(new long[] {tok.tokenId("a"), 1}, ids);
  }

  @Test
  void absentSpecialTokenIsAClearError() {
    try (TextTokenizer t = TextTokenizer.builder(FixtureTokenizerTest.FIXTURE).padToken("[PAD]").bosToken(null)
        .build()) {
      UserError e = assertThrows(UserError.class, t::padId);
      assertTrue(e.getMessage().contains("'[PAD]'"), e.getMessage());
      assertTrue(e.getMessage().contains("padToken"), e.getMessage());
      assertThrows(UserError.class, t::bosId);
      assertEquals(3, t.eosId());
      assertFalse(t.hasToken("[PAD]"));
      assertThrows(UserError.class, () -> t.tokenId("[PAD]"));
    }
  }

  @Test
  void missingFileIsAClearError(@TempDir Path dir) {
    UserError e = assertThrows(UserError.class, () -> TextTokenizer.load(dir.resolve("nope.json")));
    assertTrue(e.getMessage().contains("nope.json"), e.getMessage());
  }

  @Test
  void directoryHoldingTokenizerJsonLoads(@TempDir Path dir) throws Exception {
    TokenizerJsonWriter.builder().alphabet("ab ").specialTokens(List.of("<pad>", "<unk>", "<eos>")).build()
        .write(dir.resolve("tokenizer.json"));
    try (TextTokenizer t = TextTokenizer.builder(dir).bosToken(null).build()) {
      assertEquals(6, t.vocabSize());
      assertArrayEquals(new long[] {3, 5, 4, 1}, t.encode("a ba".substring(0, 3) + "c"));
      assertEquals("a b", t.decode(new long[] {3, 5, 4}));
      assertTrue(Files.isReadable(dir.resolve("tokenizer.json")));
    }
  }

  @Test
  void writerRejectsBadVocabularies() {
    assertThrows(IllegalArgumentException.class, () -> TokenizerJsonWriter.builder().alphabet("aba").build());
    assertThrows(IllegalArgumentException.class, () -> TokenizerJsonWriter.builder().unkToken("<oov>").build());
    assertThrows(IllegalArgumentException.class,
        () -> TokenizerJsonWriter.builder().specialTokens(List.of("<pad>", "<pad>", "<unk>")).build());
    assertThrows(IllegalArgumentException.class,
        () -> TokenizerJsonWriter.builder().specialTokens(List.of("x", "<unk>")).build());
  }
}
