package dev.align4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.align4j.text.TextTokenizer;
import dev.align4j.text.TokenizerJsonWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code align4j tokenizer gpt2} on a tiny GPT-2-shaped pair of files (the 256 byte symbols, three merges,
 * {@code <|endoftext|>}); the real files are checked id for id in modalities/text's Gpt2TokenizerTest.
 */
class TokenizerCommandTest {
  @TempDir Path dir;

  Path encoder;
  Path merges;

  void writeFiles(String... mergeLines) throws Exception {
    Map<String, Integer> v = new LinkedHashMap<>();
    for (String b : TokenizerJsonWriter.byteSymbols()) v.put(b, v.size());
    for (String t : List.of("He", "Hel", "\u0120w", "<|endoftext|>")) v.put(t, v.size());
    encoder = dir.resolve("encoder.json");
    merges = dir.resolve("vocab.bpe");
    Files.writeString(encoder, new ObjectMapper().writeValueAsString(v), StandardCharsets.UTF_8);
    Files.writeString(merges, "#version: 0.2\n" + String.join("\n", mergeLines) + "\n", StandardCharsets.UTF_8);
  }

  @Test
  void writesALoadableTokenizerAndSaysWhatItChecked() throws Exception {
    writeFiles("H e", "He l", "\u0120 w");
    Path out = dir.resolve("gpt2/tokenizer.json");
    Align4jTest.Run r = Align4jTest.run("tokenizer", "gpt2", "--encoder", encoder.toString(), "--merges",
        merges.toString(), "--out", out.toString());
    assertEquals(0, r.code(), r.err());
    List<String> lines = r.out().lines().toList();
    assertEquals("wrote " + out + ": byte-level BPE, 260 ids, 3 merges, <|endoftext|> = 259", lines.get(0));
    assertEquals("check: 'Hello world' -> [257, 108, 111, 258, 111, 114, 108, 100]", lines.get(1));
    try (TextTokenizer t = TextTokenizer.builder(out).padToken(null).bosToken(null).eosToken("<|endoftext|>")
        .build()) {
      assertEquals("Hello world", t.decode(t.encode("Hello world")));
    }
  }

  @Test
  void aFolderGetsTokenizerJsonInside() throws Exception {
    writeFiles("H e");
    Align4jTest.Run r = Align4jTest.run("tokenizer", "gpt2", "--encoder", encoder.toString(), "--merges",
        merges.toString(), "--out", dir.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(Files.isRegularFile(dir.resolve("tokenizer.json")));
  }

  @Test
  void filesThatDoNotFitAreOneLine() throws Exception {
    writeFiles("H e", "He q");
    Align4jTest.Run r = Align4jTest.run("tokenizer", "gpt2", "--encoder", encoder.toString(), "--merges",
        merges.toString(), "--out", dir.resolve("t.json").toString());
    assertEquals(2, r.code());
    assertEquals(List.of("align4j: error: encoder.json and vocab.bpe do not fit together: merge 1 ('He q'): Heq is "
        + "not in the vocabulary (are they from the same tokenizer?)"), r.errLines());
    Align4jTest.Run missing = Align4jTest.run("tokenizer", "gpt2", "--encoder", encoder.toString());
    assertEquals(2, missing.code());
    assertEquals(1, missing.errLines().size(), missing.err());
    assertTrue(missing.err().startsWith("align4j: error: Missing required options"), missing.err());
  }
}
